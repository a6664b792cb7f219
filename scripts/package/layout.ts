// Where things go in the package, and what it declares about itself.

/** The gateway's own tree. */
export const LIB = 'usr/lib/scpm-edge';
/** better-sqlite3 is not N-API: its addon is built for one Node ABI, so the package is tied to that Node major. */
export const NODE_MAJOR = 20;
export const NODE_DEPENDS = `nodejs (>= ${NODE_MAJOR}.19), nodejs (<< ${NODE_MAJOR + 1})`;
export const RECOMMENDS = ['ffmpeg', 'cage', 'xwayland', 'chromium', 'fonts-noto-cjk', 'libpam-systemd', 'pocketsphinx', 'pocketsphinx-en-us', 'alsa-utils', 'socat', 'gpiod', 'ddcutil', 'cec-utils', 'chrony'];
export const CONFFILES = ['/etc/scpm-edge/office.yaml', '/etc/pam.d/scpm-kiosk'];

export interface Pkg { name: string; version: string; description: string; dependencies: Record<string, string>; engines?: Record<string, string>; license?: string }
