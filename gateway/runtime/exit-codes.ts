// The gateway's exit codes: documented in README ("Exit codes"), one per
// cause a technician fixes differently. systemd restarts on any of them but 2
// (RestartPreventExitStatus=2 in systemd/scpm-edge.service).
export const EXIT = {
  /** Stopped on SIGTERM / SIGINT. */
  ok: 0,
  /** Anything unexpected (a bug, the shutdown deadline passed). */
  failure: 1,
  /** The configuration is invalid (without SCPM_SAFE_MODE=1; check-config exits 1). */
  config: 2,
  /** The data directory (dataDir / SCPM_DATA_DIR) cannot be created, read or written. */
  dataDir: 3,
  /** An HTTP port (http.port, display.publicPort) is in use or not allowed. */
  listen: 4,
  /** The database cannot be opened and moving it aside would not help (e.g. it is from a newer gateway). */
  store: 5,
} as const;
