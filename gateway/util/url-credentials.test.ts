import { describe, expect, it } from 'vitest';
import { maskUrlCredentials, maskUrlValueCredentials } from './url-credentials.js';

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

describe('maskUrlValueCredentials', () => {
  it('masks a single value up to its last "@", whatever the password holds', () => {
    expect(maskUrlValueCredentials('rtsp://admin:p/w?x#y z@10.0.0.5/s', '***')).toBe('rtsp://admin:***@10.0.0.5/s');
    expect(maskUrlValueCredentials('mqtt://tok/en@h:1', '***')).toBe('mqtt://***@h:1');
    expect(maskUrlValueCredentials('u:p/w@h:1', '***')).toBe('u:***@h:1');
    expect(maskUrlValueCredentials('mqtt://h:1', '***')).toBe('mqtt://h:1');
    expect(maskUrlValueCredentials('a note @ the desk', '***')).toBe('a note @ the desk');
  });
});
