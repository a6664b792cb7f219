import { describe, expect, it } from 'vitest';
import { figureBody } from './figure-patch.js';
import { escapeHtml } from '../../gateway/util/html.js';

describe('figureBody', () => {
  it('turns one element with text into an edit: its tag, every attribute, its text', () => {
    const html = '<text x="12.5" y="40" class="mv dk" data-key="urban:pm25:11230" data-ts="2026-11-29T10:00:00+09:00" data-stale-at="1764378300000">77</text>';
    expect(figureBody(html)).toEqual({
      tag: 'text',
      attrs: { x: '12.5', y: '40', class: 'mv dk', 'data-key': 'urban:pm25:11230', 'data-ts': '2026-11-29T10:00:00+09:00', 'data-stale-at': '1764378300000' },
      text: '77',
    });
  });

  it('unescapes the five entities of the renderers, in text and attributes', () => {
    const hostile = `<b>"Tom's" & co</b>`;
    const html = `<span data-key="${escapeHtml(hostile)}" title="${escapeHtml(hostile)}">${escapeHtml(hostile)}</span>`;
    expect(figureBody(html)).toEqual({ tag: 'span', attrs: { 'data-key': hostile, title: hostile }, text: hostile });
  });

  it('keeps an empty text and an element without attributes', () => {
    expect(figureBody('<span></span>')).toEqual({ tag: 'span', attrs: {}, text: '' });
    expect(figureBody('<span class="a"> 1 2 </span>')).toEqual({ tag: 'span', attrs: { class: 'a' }, text: ' 1 2 ' });
  });

  it('sends the HTML itself for anything else', () => {
    for (const html of [
      '<span class="m-val num" data-key="k">12 <span class="unit">%</span></span>', // nested element
      '<span data-key="k">a &nbsp; b</span>', // an entity the renderers never write
      '<span data-key="k">&#60;</span>',
      '<input disabled data-key="k"></input>', // an attribute without a value
      "<span data-key='k'>1</span>", // single quotes
      '<span data-key="k">1</div>', // mismatched close
      '<span data-key="k" data-key="j">1</span>', // a repeated attribute
      '<span data-key="k">1</span><span>2</span>', // two elements
      ' <span data-key="k">1</span>',
      '<SPAN data-key="k">1</SPAN>',
      '<span onclick="x()" data-key="k">1</span>x',
      'plain text',
      '',
    ]) expect(figureBody(html), html).toBe(html);
  });
});
