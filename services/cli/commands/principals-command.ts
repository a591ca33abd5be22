import { Command, Option } from 'commander';
import { PrincipalStore, type Principal } from '../../shared/auth/principal-store.ts';
import { loadConfig } from '../../shared/config.ts';

const KINDS = ['provider', 'consumer'] as const satisfies ReadonlyArray<Principal['kind']>;

/** The store's rule for ids, checked here to answer with a sentence rather than a schema dump. */
const PRINCIPAL_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export type AddOutcome =
  | { kind: 'created'; key: string }
  | { kind: 'key-added'; key: string }
  | { kind: 'kind-mismatch'; existing: Principal['kind'] }
  | { kind: 'invalid-id' };

/** Adding an existing principal of the same kind issues another key (rotation: revoke the old ones after); a different kind is refused. */
export function addPrincipal(store: PrincipalStore, id: string, name: string, kind: Principal['kind']): AddOutcome {
  if (!PRINCIPAL_ID.test(id)) return { kind: 'invalid-id' };
  const existing = store.find(id);
  if (existing && existing.kind !== kind) return { kind: 'kind-mismatch', existing: existing.kind };
  const key = store.issueKey(id, name, kind);
  return existing ? { kind: 'key-added', key } : { kind: 'created', key };
}

export function formatPrincipal(principal: Principal): string {
  return `${principal.id.padEnd(24)} ${principal.kind.padEnd(9)} ${principal.scopes.join(',').padEnd(26)} ${principal.name}`;
}

function openStore(): { store: PrincipalStore; path: string } {
  const path = loadConfig().ingest.principalsFile;
  return { store: new PrincipalStore(path), path };
}

export function principalsCommand(): Command {
  const principals = new Command('principals').description('Providers (push copy) and consumers (read stories) with their API keys, in STORYLINE_PRINCIPALS_FILE');
  principals
    .command('add')
    .description('Add a principal and print its new API key (shown once, stored only as a hash); for an existing one, issue another key')
    .argument('<id>', 'lower-case id: letters, digits and dashes')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--kind <kind>', 'provider (items:write, stories:read) or consumer (stories:read)').choices(KINDS).makeOptionMandatory())
    .action((id: string, options: { name: string; kind: Principal['kind'] }) => {
      const { store, path } = openStore();
      const outcome = addPrincipal(store, id, options.name, options.kind);
      switch (outcome.kind) {
        case 'created':
        case 'key-added':
          console.error(`${outcome.kind === 'created' ? 'added' : 'new key for'} ${options.kind} ${id} in ${path}; the key is shown only now:`);
          console.log(outcome.key);
          return;
        case 'kind-mismatch':
          console.error(`storyline: ${id} exists as a ${outcome.existing}, not a ${options.kind}`);
          process.exitCode = 1;
          return;
        case 'invalid-id':
          console.error(`storyline: invalid id '${id}': 1 to 63 lower-case letters, digits and dashes, not starting with a dash`);
          process.exitCode = 1;
          return;
        default: {
          const unreachable: never = outcome;
          return unreachable;
        }
      }
    });
  principals
    .command('list')
    .description('List principals: id, kind, scopes, name (keys are never shown)')
    .action(() => {
      for (const principal of openStore().store.list()) console.log(formatPrincipal(principal));
    });
  principals
    .command('revoke')
    .description("Revoke every live key of a principal (running services pick the change up on their next request)")
    .argument('<id>', 'principal id')
    .action((id: string) => {
      const { store } = openStore();
      if (!store.find(id)) {
        console.error(`storyline: no principal ${id}`);
        process.exitCode = 1;
        return;
      }
      console.log(`revoked ${store.revokeKeys(id)} key(s) of ${id}`);
    });
  return principals;
}
