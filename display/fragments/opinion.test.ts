// Opinion panels show the age of what they show: the media trends panel its newest trend's.
import { describe, expect, it } from 'vitest';
import { setup } from '../test-helpers.js';

describe('opinion panels: ages', () => {
  it('the trends panel says as of when', async () => {
    const html = await (await setup().get('/opinion')).text();
    const head = html.slice(html.indexOf('id="p-trends"'), html.indexOf('<div class="panel-b">', html.indexOf('id="p-trends"')));
    // Fixtures: the newest trend is 10 min old at FIXTURE_NOW (the page is drawn a minute later).
    expect(head).toMatch(/<span class="asof">as of 09:50 · <time class="age [^"]*" datetime="[^"]+" data-age="rel">11 min ago<\/time><\/span>/);
  });
});
