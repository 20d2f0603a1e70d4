import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildLibrary, type Deck, type Question } from '../../src/domain/deck.js';
import { categoryRatingsOf } from '../../src/domain/practice.js';
import { pickStudyQuestion } from '../../src/domain/question-picker.js';

/**
 * The picks of `/star question` without a filter (`categoryRatingsOf`, then `pickStudyQuestion`, as
 * practice-question.ts calls them) on a generated library of 1,500 questions in 40 categories
 * (their names in mixed case), for 400 generated histories: pinned as they were before either
 * function was made cheaper, so that a faster picker is known to pick the same questions.
 */

/** A small deterministic source of numbers in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const categoryNames = Array.from(
  { length: 40 },
  (_, i) => `Category ${String.fromCharCode(65 + (i % 26))}${i}`,
);

function generatedLibrary() {
  const draw = seeded(7);
  const questions = Array.from({ length: 1500 }, (_, i) => {
    const name = categoryNames[Math.floor(draw() * categoryNames.length)] ?? '';
    // The same category spelled in three cases: they are one category.
    const spelling = draw();
    const category = spelling < 0.2 ? name.toUpperCase() : spelling < 0.4 ? name.toLowerCase() : name;
    return { id: `q${i}`, number: i + 1, category } as Question;
  });
  const deck = { name: 'generated', file: 'generated.md', title: null, questions, tips: [] } as Deck;
  return buildLibrary([deck]).library;
}

/** What each history picked: the ids in order, and a digest of the category ratings it computed. */
function picks(): { ids: string[]; ratingsDigest: string } {
  const library = generatedLibrary();
  const ids: string[] = [];
  const ratings = createHash('sha256');
  for (let run = 0; run < 400; run++) {
    const draw = seeded(1_000 + run);
    const now = 10_000_000;
    // From a new user to one who has seen (and rated) nearly everything.
    const seenShare = draw();
    const ratedShare = draw() * seenShare;
    const lastSeen = new Map<string, number>();
    const dueAt = new Map<string, number>();
    const rated: { questionId: string; count: number; total: number }[] = [];
    for (const q of library.questions) {
      if (draw() < seenShare) lastSeen.set(q.id, Math.floor(draw() * 50) * 1_000); // ties on purpose
      if (draw() < ratedShare) {
        dueAt.set(q.id, now + Math.floor(draw() * 40 - 10) * 100_000); // some due, some later, ties
        const count = Math.floor(draw() * 4); // 0 to 3 ratings
        rated.push({ questionId: q.id, count, total: count * (1 + Math.floor(draw() * 4)) });
      }
    }
    // Ratings of questions the decks no longer have are ignored.
    if (draw() < 0.3) rated.push({ questionId: 'gone', count: 2, total: 3 });
    const categoryRatings = categoryRatingsOf(library, rated);
    ratings.update(JSON.stringify([...categoryRatings]));
    const excludeId = draw() < 0.5 ? `q${Math.floor(draw() * 1500)}` : undefined;
    const question = pickStudyQuestion({
      candidates: library.questions,
      lastSeen,
      dueAt,
      categoryRatings,
      excludeId,
      random: seeded(run + 1),
      now,
    });
    ids.push(question?.id ?? '-');
  }
  return { ids, ratingsDigest: ratings.digest('hex') };
}

describe('/star question picks on a generated library of 1,500 questions', () => {
  it('are the ones pinned', () => {
    const { ids, ratingsDigest } = picks();
    expect(ids.join(' ')).toBe(pinnedIds);
    expect(ratingsDigest).toBe(pinnedRatingsDigest);
  });
});

const pinnedIds = [
  'q16 q282 q180 q42 q82 q66 q119 q453 q18 q373 q978 q36 q381 q628 q220 q655',
  'q1302 q277 q4 q341 q357 q748 q288 q17 q144 q351 q481 q98 q71 q349 q88 q485',
  'q55 q54 q2 q221 q100 q120 q1263 q47 q15 q103 q1239 q288 q5 q23 q155 q544',
  'q148 q831 q446 q370 q119 q1233 q112 q40 q57 q202 q157 q249 q70 q103 q79 q248',
  'q113 q1154 q69 q668 q43 q205 q88 q82 q45 q163 q32 q255 q95 q326 q36 q65',
  'q20 q10 q970 q34 q613 q1 q771 q145 q644 q39 q1095 q25 q1404 q27 q1082 q285',
  'q960 q72 q777 q58 q471 q128 q90 q5 q870 q127 q113 q36 q95 q1 q183 q381',
  'q52 q679 q289 q45 q398 q80 q80 q1088 q4 q1254 q175 q995 q65 q340 q13 q1240',
  'q122 q63 q169 q232 q9 q376 q182 q329 q1323 q210 q304 q127 q629 q22 q116 q74',
  'q159 q17 q138 q249 q316 q163 q85 q5 q97 q87 q69 q73 q1078 q21 q1066 q1156',
  'q347 q510 q931 q88 q84 q652 q140 q29 q312 q376 q201 q78 q127 q25 q19 q240',
  'q188 q28 q308 q72 q124 q0 q130 q42 q629 q141 q565 q76 q133 q61 q1005 q527',
  'q765 q573 q0 q673 q42 q45 q621 q451 q7 q508 q136 q29 q194 q78 q377 q1320',
  'q559 q33 q49 q87 q65 q1432 q23 q468 q223 q551 q9 q357 q15 q643 q118 q4',
  'q65 q44 q19 q79 q541 q128 q46 q236 q1108 q42 q1149 q97 q422 q0 q137 q151',
  'q253 q121 q144 q248 q608 q7 q176 q47 q445 q42 q98 q3 q375 q39 q341 q44',
  'q151 q571 q3 q491 q19 q183 q214 q430 q1 q77 q213 q467 q132 q212 q80 q1117',
  'q39 q398 q6 q190 q60 q183 q136 q38 q215 q620 q193 q96 q4 q390 q26 q45',
  'q356 q80 q215 q42 q56 q59 q36 q9 q182 q84 q132 q46 q1128 q105 q159 q68',
  'q999 q734 q506 q106 q246 q371 q229 q510 q210 q9 q377 q211 q163 q146 q339 q379',
  'q184 q7 q51 q105 q414 q113 q260 q192 q78 q10 q968 q206 q224 q19 q387 q242',
  'q185 q134 q349 q1227 q30 q415 q189 q661 q548 q886 q137 q126 q170 q234 q44 q219',
  'q7 q1410 q52 q1204 q110 q309 q85 q274 q11 q574 q44 q5 q22 q762 q147 q500',
  'q30 q164 q54 q26 q473 q252 q1245 q3 q339 q29 q1189 q143 q130 q59 q1453 q338',
  'q695 q101 q867 q331 q43 q22 q465 q114 q45 q68 q17 q0 q159 q30 q68 q70',
].join(' ');
const pinnedRatingsDigest = '11473e1246c4dab19d2e43faf8ddea7b309f700ba328d2b9c5cdbee58ff19b39';
