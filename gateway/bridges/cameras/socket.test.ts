import { describe, expect, it } from 'vitest';
import { crossSiteRefusal } from './socket.js';

describe('cross-site refusal for the camera WebSocket', () => {
  const host = '127.0.0.1:8080';
  it('lets same-origin browser requests and non-browser clients through', () => {
    expect(crossSiteRefusal({ origin: 'http://127.0.0.1:8080', secFetchSite: 'same-origin', host })).toBeNull();
    expect(crossSiteRefusal({ host })).toBeNull();
    expect(crossSiteRefusal({ origin: 'https://wall.office.example', host: 'gw:8080' }, ['https://wall.office.example'])).toBeNull();
  });

  it('refuses other sites, same-site neighbours (the public mirror\'s port), opaque and unreadable origins', () => {
    expect(crossSiteRefusal({ origin: 'http://evil.example', host })).toBe('Origin is not this host');
    expect(crossSiteRefusal({ origin: 'http://127.0.0.1:8081', host })).toBe('Origin is not this host');
    expect(crossSiteRefusal({ secFetchSite: 'cross-site', host })).toBe('Sec-Fetch-Site is cross-site');
    expect(crossSiteRefusal({ secFetchSite: 'same-site', origin: 'http://127.0.0.1:8080', host })).toBe('Sec-Fetch-Site is same-site');
    expect(crossSiteRefusal({ origin: 'null', host })).toBe('opaque origin');
    expect(crossSiteRefusal({ origin: 'not a url', host })).toBe('unreadable Origin');
    expect(crossSiteRefusal({ origin: 'http://127.0.0.1:8080' })).toBe('Origin is not this host');
  });
});
