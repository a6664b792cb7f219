// The HTML of one camera element, so every page (tiles, full screen, incident
// views) carries the same attributes the player (display/assets/camera-player/, served as camera-player.js)
// and the tests look for. No URL of the camera, ever: only its id. Part of the
// page kit: the display and the cameras bridge's tests both use it.
import { escapeHtml } from '../../gateway/util/html.js';

/** A camera id: a lower-case slug (also the cameras bridge's config rule). */
export const CAMERA_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export type StreamVariant = 'main' | 'sub';

export interface CameraElementInput {
  id: string;
  /** The camera's name in the page's language (escaped here). */
  label: string;
  variant?: StreamVariant;
  /** Where the WebSocket route is mounted (default /api/v1/cameras/stream). */
  streamBase?: string;
  /** Extra class on the frame (e.g. "tile" or "full"). */
  className?: string;
  lang?: 'en' | 'ko';
}

const CONNECTING = { en: 'Connecting…', ko: '연결 중…' };

export function cameraElementHtml(o: CameraElementInput): string {
  if (!CAMERA_ID.test(o.id)) throw new Error('camera id must be a slug');
  const base = o.streamBase ?? '/api/v1/cameras/stream';
  if (!/^\/[A-Za-z0-9/_-]*$/.test(base)) throw new Error('streamBase must be a plain absolute path');
  const variant = o.variant ?? 'main';
  const cls = o.className && /^[A-Za-z0-9 _-]{1,64}$/.test(o.className) ? ` ${o.className}` : '';
  const label = escapeHtml(o.label);
  return `<figure class="camera${cls}" data-camera-frame data-camera-state="connecting">`
    + `<video data-camera="${o.id}" data-camera-state="connecting" data-camera-variant="${variant}" data-camera-ws="${base.replace(/\/$/, '')}/${o.id}" muted playsinline autoplay disablepictureinpicture disableremoteplayback aria-label="${label}"></video>`
    + `<figcaption class="camera-overlay" data-camera-overlay aria-live="polite">`
    + `<span class="camera-name">${label}</span>`
    + `<span class="camera-badge" data-camera-badge>${CONNECTING[o.lang ?? 'en']}</span>`
    + `<span class="camera-reason" data-camera-reason></span>`
    + `</figcaption></figure>`;
}
