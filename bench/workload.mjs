// Benchmark workloads: realistic news prose built from the GUM Wikinews texts
// (bench/data/gum-news, a copy of the team's shared/corpora/gum-news; texts
// CC BY 2.5, annotations CC BY 4.0, see its NOTICE.md), repeated with
// variations to the wanted size, with emoji / CJK / combining-mark lines mixed
// in, and annotations over it: mixed tags, some overlapping, some crossing
// paragraph boundaries, notes on some. Deterministic for a given seed.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const CORPUS = process.env.GUM_NEWS ?? join(here, 'data', 'gum-news', 'attributions.json');

/** The cases the benchmark runs. */
export const CASES = {
  small: { label: 'seed article', seed: 1 },
  medium: { label: '100 KB / 1,000 annotations', bytes: 100_000, annotations: 1_000, seed: 2 },
  large: { label: '1 MB / 10,000 annotations', bytes: 1_000_000, annotations: 10_000, relations: 3_000, seed: 3 },
};

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Undoes GUM's tokenisation ("Mecca 's Grand Mosque , killing" → "Mecca's Grand Mosque, killing"). */
export function detokenize(text) {
  return text
    .replace(/ ([,.;:!?%)\]}]|'s|'re|'ve|'ll|'d|n't|')(?=\s|$)/g, '$1')
    .replace(/([([{$]) /g, '$1')
    .replace(/ - /g, '-')
    .replace(/" ([^"]*?) "/g, '"$1"')
    .replace(/\s+/g, ' ')
    .trim();
}

function sentences(text) {
  return text.split(/(?<=[.!?]["”]?) (?=[A-Z"“])/).filter((s) => s.length > 0);
}

const INTL = [
  'Reaction from Tōkyō 東京 was swift: 「私たちは準備ができている」 said one official 🙂.',
  'Le ministre a déclaré « nous ne céderons pas » — a quote echoed in 北京 and Zürich 🇨🇭.',
  'Crowds in Seoul 서울 chanted 👍🏽 while reporters noted the café’s naïve décor (e\u0301 with a combining accent).',
  'The statement, posted with 🔥🔥 and the flag 🇺🇦, was shared 10,000 times within an hour.',
];

/** Paragraphs of about `bytes` UTF-8 bytes (the seed article when `bytes` is absent). */
export function paragraphs({ bytes, seed }) {
  const docs = JSON.parse(readFileSync(CORPUS, 'utf8')).documents;
  const random = rng(seed);
  const out = [];
  let size = 0;
  for (let round = 0; size < bytes; round++) {
    for (const doc of docs) {
      const s = sentences(detokenize(doc.text));
      // Vary repeated rounds: shift numbers and rotate sentence order.
      const varied = round === 0 ? s : s.map((x) => x.replace(/\b\d+\b/g, (n) => String(Number(n) + round)));
      const rotate = round % Math.max(1, varied.length);
      const ordered = varied.slice(rotate).concat(varied.slice(0, rotate));
      for (let i = 0; i < ordered.length && size < bytes; ) {
        const take = 3 + Math.floor(random() * 4);
        const p = ordered.slice(i, i + take).join(' ');
        i += take;
        out.push(p);
        size += Buffer.byteLength(p) + 1;
        if (out.length % 40 === 0) {
          const line = INTL[out.length / 40 % INTL.length];
          out.push(line);
          size += Buffer.byteLength(line) + 1;
        }
      }
      if (size >= bytes) break;
    }
  }
  return out;
}

const TAGS = ['claim', 'source', 'quote'];
const NOTES = ['Check against the wire copy', 'Named source 👤', 'Unverified; ask the press office', '要确认 (to confirm)', 'Direct quote'];

/** Word boundaries of a string as UTF-16 index pairs. */
function words(s) {
  return [...s.matchAll(/\S+/g)].map((m) => [m.index, m.index + m[0].length]);
}

/**
 * Annotations over `paras` (joined with "\n"): `count` spans, about 10%
 * overlapping an earlier one and 5% crossing into the next paragraph, notes
 * on about 20%. Offsets are code points; each also has UTF-16 offsets into
 * the paragraphs concatenated without separators (how Recogito counts).
 */
export function annotations(paras, count, seed) {
  const random = rng(seed * 7919);
  const pick = (n) => Math.floor(random() * n);
  const cpStarts = [];
  const u16Starts = [];
  let cp = 0;
  let u16 = 0;
  const cpLen = paras.map((p) => [...p].length);
  paras.forEach((p, i) => {
    cpStarts.push(cp);
    u16Starts.push(u16);
    cp += cpLen[i] + 1;
    u16 += p.length;
  });
  const wordsOf = paras.map(words);
  const cpAt = (pi, idx) => cpStarts[pi] + [...paras[pi].slice(0, idx)].length;
  const list = [];
  const time = (n) => new Date(Date.UTC(2026, 10, 1, 9, 0, 0) + n * 1000).toISOString();
  for (let n = 0; n < count; n++) {
    const kind = random();
    let p, a, b, pEnd;
    if (kind < 0.05 && list.length) {
      // Crossing into the next paragraph: last words of one, first of the next.
      p = pick(paras.length - 1);
      pEnd = p + 1;
      const w1 = wordsOf[p], w2 = wordsOf[pEnd];
      a = w1[Math.max(0, w1.length - 1 - pick(3))][0];
      b = w2[Math.min(w2.length - 1, pick(3))][1];
    } else if (kind < 0.15 && list.length) {
      // Overlapping an earlier annotation: starts inside it, ends past it.
      const other = list[pick(list.length)];
      p = other.p;
      pEnd = p;
      const w = wordsOf[p];
      const inside = w.findIndex(([s]) => s >= other.a && s < other.b && s > other.a);
      const from = inside >= 0 ? inside : 0;
      a = w[from][0];
      b = w[Math.min(w.length - 1, from + 2 + pick(8))][1];
    } else {
      p = pick(paras.length);
      pEnd = p;
      const w = wordsOf[p];
      const from = pick(w.length);
      a = w[from][0];
      b = w[Math.min(w.length - 1, from + 1 + pick(10))][1];
    }
    const start = cpAt(p, a);
    const end = cpAt(pEnd, b);
    const quote = pEnd === p ? paras[p].slice(a, b) : `${paras[p].slice(a)}\n${paras[pEnd].slice(0, b)}`;
    list.push({
      id: `bench-${String(n).padStart(5, '0')}`,
      tag: TAGS[pick(3)],
      start,
      end,
      quote,
      note: random() < 0.2 ? NOTES[pick(NOTES.length)] : '',
      created: time(n),
      modified: time(n),
      p,
      a,
      b,
      u16Start: u16Starts[p] + a,
      u16End: u16Starts[pEnd] + b,
    });
  }
  return list;
}

/**
 * Up to `count` relations: in text order, each quote or claim attributed
 * to the latest source before it. Deterministic.
 */
export function relations(list, count) {
  const out = [];
  let source = null;
  for (const a of [...list].sort((x, y) => x.start - y.start || x.end - y.end)) {
    if (out.length >= count) break;
    if (a.tag === 'source') source = a;
    else if (source) {
      out.push({ id: `rel-${String(out.length).padStart(5, '0')}`, type: 'attributed to', from: a.id, to: source.id, created: a.created });
    }
  }
  return out;
}

/**
 * An edited copy of `paras`, as a corrected re-publication would be: a new
 * paragraph every 40, one sentence dropped from every 25th paragraph, one
 * word changed in every 10th. Deterministic.
 */
export function edited(paras) {
  const out = [];
  paras.forEach((p, i) => {
    if (i % 40 === 0) out.push(`Update ${i / 40 + 1}: this paragraph was added when the story was corrected.`);
    let q = p;
    if (i % 25 === 12) {
      const parts = sentences(q);
      if (parts.length > 1) q = parts.filter((_, k) => k !== 1).join(' ');
    }
    if (i % 10 === 5) q = q.replace(/\b(said|says|the)\b/, (w) => (w === 'the' ? 'that' : 'stated'));
    out.push(q);
  });
  return out;
}

/** The workload of a case: paragraphs, annotations, and the Marginalia JSON file. */
export function workload(name, seedArticle) {
  const c = CASES[name];
  const paras = c.bytes ? paragraphs(c) : seedArticle.split('\n').slice(2).map((l) => l.trim()).filter(Boolean);
  const count = c.annotations ?? 40;
  const list = annotations(paras, count, c.seed);
  const links = relations(list, c.relations ?? Math.round(count * 0.3));
  const file = {
    format: 'marginalia',
    version: 3,
    document: {
      id: `bench-${name}`,
      title: `Benchmark: ${c.label}`,
      source: 'GUM corpus (Wikinews, CC BY 2.5)',
      created: '2026-11-01T09:00:00.000Z',
      modified: '2026-11-01T09:00:00.000Z',
      offsetUnit: 'codepoint',
      text: paras.join('\n'),
    },
    annotations: list.map(({ id, tag, start, end, quote, note, created, modified }) => ({ id, tag, start, end, quote, note, created, modified })),
    relations: links,
  };
  return { name, label: c.label, paragraphs: paras, annotations: list, relations: links, json: JSON.stringify(file) };
}

/**
 * The workload's document as the work of three annotators (Marginalia JSON,
 * schema 5): the first made the workload's annotations; the second and the
 * third each made their own version of every one of them — in about 30%
 * the end moved by up to three code points, in 10% the start, in 10%
 * another tag — so that there is something to agree and disagree on.
 * Deterministic.
 */
export function layered(w, seed = 4242) {
  const random = rng(seed);
  const file = JSON.parse(w.json);
  const annotators = [
    { id: 'a-bench-ana', name: 'Ana' },
    { id: 'a-bench-bo', name: 'Bo' },
    { id: 'a-bench-cy', name: 'Cy' },
  ];
  const text = [...file.document.text];
  const base = file.annotations.map((a) => ({ ...a, annotator: annotators[0].id }));
  const versions = [base];
  for (const who of annotators.slice(1)) {
    const mine = [];
    for (const a of base) {
      const r = random();
      let { start, end, tag } = a;
      if (r < 0.1) start = Math.min(end - 1, Math.max(0, start + Math.floor(random() * 7) - 3));
      else if (r < 0.4) end = Math.max(start + 1, Math.min(text.length, end + Math.floor(random() * 7) - 3));
      else if (r < 0.5) tag = TAGS[(TAGS.indexOf(tag) + 1) % TAGS.length];
      const quote = text.slice(start, end).join('');
      mine.push({ ...a, id: `${a.id}-${who.name}`, start, end, tag, quote, annotator: who.id });
    }
    versions.push(mine);
  }
  return JSON.stringify({
    ...file,
    version: 5,
    document: { ...file.document, id: `${file.document.id}-layers`, title: `${file.document.title}, three annotators` },
    annotators,
    annotations: versions.flat(),
    relations: [],
  });
}
