import { describe, expect, it } from 'vitest';
import { cameraElementHtml } from './camera-element.js';

describe('camera element HTML', () => {
  it('carries data-camera, the initial state, the stream path and an overlay; escapes the label', () => {
    const html = cameraElementHtml({ id: 'gangnam-east', label: 'Gangnam <east> & "co"', lang: 'ko', variant: 'sub', className: 'tile' });
    expect(html).toContain('<video data-camera="gangnam-east" data-camera-state="connecting" data-camera-variant="sub" data-camera-ws="/api/v1/cameras/stream/gangnam-east"');
    expect(html).toContain('class="camera tile" data-camera-frame');
    expect(html).toContain('data-camera-overlay');
    expect(html).toContain('연결 중…');
    expect(html).toContain('Gangnam &lt;east&gt; &amp; &quot;co&quot;');
    expect(html).not.toContain('<east>');
    expect(html).not.toMatch(/<script|style=|on[a-z]+=/i);
  });

  it('refuses ids and paths that are not slugs (nothing is ever interpolated raw)', () => {
    expect(() => cameraElementHtml({ id: '"><script>', label: 'x' })).toThrow();
    expect(() => cameraElementHtml({ id: 'ok', label: 'x', streamBase: 'javascript:alert(1)' })).toThrow();
    expect(cameraElementHtml({ id: 'ok', label: 'x', className: '" onclick="x' })).not.toContain('onclick');
  });
});
