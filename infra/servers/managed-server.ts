/** One server the project provisions and runs on loopback. */
export interface ManagedServer {
  readonly name: string;
  readonly version: string;
  /** Every port it binds; a port taken by something else stops `up` with that fact. */
  readonly ports: readonly number[];
  readonly logPath: string;
  readonly pidFile: string;
  /** What a user connects to, for `infra status`. */
  readonly endpoints: Readonly<Record<string, string>>;
  readonly readyTimeoutMs: number;
  /** Downloads or builds what is missing into the cache; a no-op when the cache is warm. */
  provision(log: (line: string) => void): Promise<void>;
  start(): Promise<void>;
  isReady(): Promise<boolean>;
  /** Idempotent set-up once the server answers (e.g. a namespace that must exist). */
  afterReady?(): Promise<void>;
}
