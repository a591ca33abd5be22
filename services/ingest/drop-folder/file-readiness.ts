/** What one poll saw of a file in a provider's folder. */
export interface FileSighting {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** Dot files and `.tmp` names are files a producer is still writing (or an editor's litter): never picked up. */
export function isCandidateName(name: string): boolean {
  return !name.startsWith('.') && !name.endsWith('.tmp');
}

/**
 * A file is ready once two consecutive polls saw the same size and mtime: a producer copying a file
 * in without the write-then-rename dance is still appending between polls.
 */
export function readyFiles(previous: ReadonlyMap<string, FileSighting>, current: readonly FileSighting[]): { ready: FileSighting[]; seen: Map<string, FileSighting> } {
  const ready = current.filter((sighting) => {
    const before = previous.get(sighting.path);
    return before !== undefined && before.size === sighting.size && before.mtimeMs === sighting.mtimeMs;
  });
  return { ready, seen: new Map(current.map((sighting) => [sighting.path, sighting])) };
}
