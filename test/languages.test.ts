// German and French stories are read natively (their own rules and policy words, never the English
// word models); other languages are kept and clustered by the parties they name, not typed.
// Our own example sentences, written for this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadKnowledge } from '../src/pipeline/knowledge-files.js';
import { analyzeStory } from '../src/analyze/analyze.js';
import { detectLanguage } from '../src/analyze/language.js';

const k = loadKnowledge();
const a = (title: string, body: string) => analyzeStory(k, { title, body });
const names = (x: ReturnType<typeof a>) => x.entities.filter((e) => e.kind !== 'group').map((e) => `${e.name}:${e.role}`);

test('language by function words, also for short headlines trigram detectors misread', () => {
  assert.equal(detectLanguage('Samsung bans staff from using ChatGPT after code leak', ''), 'en');
  assert.equal(detectLanguage('Bundeskartellamt verhängt Bußgeld gegen Meta', 'Das Amt hat ein Verfahren gegen den Konzern eingeleitet.'), 'de');
  assert.equal(detectLanguage('La CNIL inflige une amende à Google', 'La Commission a sanctionné la société pour les cookies.'), 'fr');
  assert.equal(detectLanguage('삼성전자, 사내 챗GPT 사용 금지', ''), 'ko');
});

test('German: a fine by the Bundeskartellamt is enforcement by its actor in Germany; football is not policy', () => {
  const fine = a('Bundeskartellamt verhängt Bußgeld gegen Google wegen Datenschutz', 'Das Bundeskartellamt hat gegen Google ein Verfahren eingeleitet und ein Bußgeld verhängt, weil der Konzern Daten aus verschiedenen Diensten zusammenführt.');
  assert.deepEqual([fine.language, fine.relevant, fine.event_type, fine.regions[0]], ['de', true, 'enforcement', 'DE']);
  assert.ok(names(fine).includes('Bundeskartellamt:actor'), names(fine).join(', '));
  const ban = a('Bundesregierung verbietet TikTok auf Diensthandys', 'Die Bundesregierung untersagt die Nutzung der App TikTok auf Dienstgeräten der Ministerien.');
  assert.deepEqual([ban.relevant, ban.event_type], [true, 'usage_restriction']);
  const sport = a('Bundesliga: Bayern gewinnt gegen Dortmund', 'Der FC Bayern hat das Spitzenspiel gegen Borussia Dortmund mit 3:1 gewonnen.');
  assert.deepEqual([sport.language, sport.relevant, sport.event_type], ['de', false, 'other']);
});

test('French: a CNIL fine is enforcement; a phone review is not policy; a cyberattack is an incident', () => {
  const fine = a('La CNIL inflige une amende de 150 millions d\'euros à Google', 'La Commission nationale de l\'informatique et des libertés a sanctionné Google pour ses cookies.');
  assert.deepEqual([fine.language, fine.relevant, fine.event_type, fine.regions[0]], ['fr', true, 'enforcement', 'FR']);
  assert.ok(names(fine).includes('CNIL:actor') && names(fine).includes('Google:target'), names(fine).join(', '));
  const review = a('Le nouveau smartphone testé : un excellent appareil photo', 'Nous avons testé le nouveau téléphone pendant deux semaines. L\'autonomie est correcte et l\'écran superbe.');
  assert.equal(review.relevant, false);
  const attack = a('Cyberattaque contre un hôpital français : les données de patients dérobées', 'Un rançongiciel a paralysé les systèmes informatiques de l\'hôpital, et des données de patients ont fuité.');
  assert.deepEqual([attack.relevant, attack.event_type], [true, 'security_incident']);
});

test('another language is kept for the parties it names, never typed by the English rules', () => {
  const it = a('Il Garante multa OpenAI per 15 milioni di euro', 'Il Garante per la privacy ha inflitto una sanzione a OpenAI per ChatGPT.');
  assert.equal(it.language, 'it');
  assert.equal(it.event_type, 'other');
  assert.deepEqual(it.impacts, []);
  assert.match(it.basis, /not analysed/);
  assert.ok(it.relevant, 'kept: it names known parties, so it can join their signal');
});
