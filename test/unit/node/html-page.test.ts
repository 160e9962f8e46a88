import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderPage } from '../../../src/node/html-page.js';

const unescape = (html: string): string =>
  html.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] as string);

describe('escapeHtml', () => {
  it('leaves no markup-significant character and is reversible', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(escaped.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
        expect(unescape(escaped)).toBe(text);
      }),
    );
  });

  it('escapes the classic payloads', () => {
    expect(escapeHtml(`<img src=x onerror="alert('x')">&`)).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;',
    );
  });
});

describe('renderPage', () => {
  it('puts every title and paragraph through escaping', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { maxLength: 4 }), (title, paragraphs) => {
        const html = renderPage(title, paragraphs);
        const tags = html.match(/<[^>]*>/g) ?? [];
        const allowed = /^<\/?(!doctype html|html( lang="en")?|head|meta [^>]*|title|style|body|h1|p)>$/;
        for (const tag of tags) expect(tag).toMatch(allowed);
        expect(html).not.toContain('<script');
      }),
    );
  });
});
