// The process port: every child of the gateway (the demo simulator, one ffmpeg
// per watched camera, the speech recognizer, the microphone capture) is started
// through it, so each is restarted with backoff, watched for silence, stopped
// within the shutdown deadline and killed when the gateway dies.

/** How a child is known to be ready; until then it is `starting`. */
export interface ReadySpec {
  /** A line on stdout (in `lines` mode) or stderr matching this means ready. Without it, the first byte of output means ready. */
  line?: RegExp;
  /**
   * Without `line`: whose first byte means ready (default either). `stdout` for a child whose output is its product
   * (audio samples): an error it prints on stderr before it exits is not a start.
   */
  stream?: 'stdout' | 'stderr' | 'any';
  /** Not ready within this → killed and restarted (counted as a failed start). */
  timeoutMs: number;
}

/** No output for this long (on the watched stream) → killed and restarted, counted as a stall. */
export interface WatchdogSpec {
  silenceMs: number;
  /** Which output counts as a sign of life (default: either). */
  stream?: 'stdout' | 'stderr' | 'any';
  /** When set, only lines matching it count (e.g. ffmpeg's `frame=` progress lines); bytes otherwise. */
  progress?: RegExp;
}

export interface RestartSpec {
  /** First delay after an exit (default 500 ms); doubles per consecutive failure, with jitter. */
  minMs?: number;
  /** Cap of the delay (default 30 s). */
  maxMs?: number;
  /** A run this long counts as healthy: the next failure starts from minMs again (default 30 s). */
  healthyAfterMs?: number;
}

export interface ChildSpec {
  /** Unique among live children; namespaced by the caller (`camera:gangnam-east`, `voice:recognizer`). */
  name: string;
  /** An executable name (looked up on PATH) or an absolute path. Never a shell. */
  command: string;
  args: readonly string[];
  /** Added to a clean environment (PATH, LANG, HOME, TZ only); nothing of the gateway's own (SCPM_*) is inherited. */
  env?: Readonly<Record<string, string>>;
  cwd?: string;
  /** `pipe` gives the caller `write()`; default `ignore`. */
  stdin?: 'ignore' | 'pipe';
  /** stdout as bytes to `onStdout` (media), or as lines to `onLine` and the log (default `lines`). */
  stdout?: 'bytes' | 'lines';
  /** Without it, a child counts as running as soon as it is started. */
  ready?: ReadySpec;
  watchdog?: WatchdogSpec;
  /** `false`: a one-shot child, never restarted. */
  restart?: RestartSpec | false;
  /** SIGTERM to the group, then SIGKILL after this (default 2000 ms). */
  stopGraceMs?: number;
  /** Strings removed from every logged line and error text (camera URLs carry passwords). */
  secrets?: readonly string[];
  /** Shown when the executable is missing, e.g. "apt-get install ffmpeg". */
  installHint?: string;
}

export type ChildState = 'starting' | 'running' | 'backoff' | 'stopped' | 'missing';

export interface ChildExit { code: number | null; signal: string | null; at: number; reason: 'exit' | 'ready-timeout' | 'stall' | 'stopped' | 'spawn-error' }

export interface ChildHealth {
  name: string;
  state: ChildState;
  /** The run's process group (its leader: with the parent-death guard, the `timeout` wrapper whose child is the program). */
  pid: number | null;
  since: number;
  restarts: number;
  stalls: number;
  lastExit: ChildExit | null;
  /** In words, secrets removed: "ffmpeg not found: apt-get install ffmpeg", "exited with code 1: Connection refused". */
  lastError: string | null;
  /** Next start attempt (ms epoch) while in backoff. */
  retryAt: number | null;
}

export interface ChildEvents {
  /** Each start that became ready (pid of this run). */
  ready?: (pid: number) => void;
  /** stdout bytes (spec.stdout = 'bytes'). */
  stdout?: (chunk: Buffer) => void;
  /** A complete line of stdout (spec.stdout = 'lines') or stderr, secrets removed. */
  line?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Each exit of a run, whatever the reason. */
  exit?: (exit: ChildExit) => void;
}

export interface ChildHandle {
  readonly name: string;
  health(): ChildHealth;
  /** Writes to stdin (spec.stdin = 'pipe'); false when the child is not running or its pipe is full. */
  write(data: Buffer | string): boolean;
  /** Kill this run and start again at once (e.g. a camera test button). */
  restart(reason: string): void;
  /** SIGTERM to the group, SIGKILL after the grace; resolves when gone. No restart after. */
  stop(): Promise<void>;
}

/** What bridges receive. */
export interface ProcessPort {
  spawn(spec: ChildSpec, events?: ChildEvents): ChildHandle;
  /** Health of every live child. */
  list(): ChildHealth[];
}
