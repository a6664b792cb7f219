import { describe, expect, it } from 'vitest';
import { maskUrlCredentials } from './url-credentials.js';

describe('maskUrlCredentials', () => {
  it('masks the whole user info, or only the password, of every URL in the text', () => {
    const text = 'from rtsp://admin:p@ss@10.0.0.5/s and mqtts://edge:pw@city:8883, not http://host/x?u=a:b@c';
    expect(maskUrlCredentials(text, '[redacted]')).toBe('from rtsp://[redacted]@10.0.0.5/s and mqtts://[redacted]@city:8883, not http://host/x?u=a:b@c');
    expect(maskUrlCredentials(text, '***', true)).toBe('from rtsp://admin:***@10.0.0.5/s and mqtts://edge:***@city:8883, not http://host/x?u=a:b@c');
  });

  it('leaves a user name without a password, and text without a URL, as they are', () => {
    expect(maskUrlCredentials('mqtt://edge@city', '***', true)).toBe('mqtt://edge@city');
    expect(maskUrlCredentials('mqtt://:pw@city', '***', true)).toBe('mqtt://:***@city');
    expect(maskUrlCredentials('no url: a:b@c', '***')).toBe('no url: a:b@c');
  });
});
