// Event type: who acts in the title settles what the keywords blur.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadKnowledge } from '../src/pipeline/knowledge-files.js';
import { classifyEventType } from '../src/analyze/event-type.js';

const k = loadKnowledge();
const type = (title: string, lead = '') => classifyEventType(k, title, lead).type;

test('a court ruling on a regulator\'s fine is litigation, not enforcement', () => {
  assert.equal(type('EU court upholds €2.4bn fine on Google over shopping service',
    'The Court of Justice of the European Union dismissed Google\'s appeal against the European Commission\'s 2017 antitrust fine.'), 'litigation');
  assert.equal(type('Amazon loses appeal against Luxembourg privacy fine'), 'litigation');
  assert.equal(type('Publisher wins early copyright ruling against AI start-up'), 'litigation');
});

test('a regulator\'s fine with no court in it stays enforcement', () => {
  assert.equal(type('Apple and Meta vow to appeal Brussels\' DMA fines'), 'enforcement');
});

test('a court ordering a nationwide block stays a usage restriction', () => {
  assert.equal(type('Brazil\'s Supreme Court orders nationwide suspension of X'), 'usage_restriction');
});

test('a privacy regulator blocking an app is enforcement; a government-device ban is a usage restriction', () => {
  assert.equal(type('Chatbot blocked in Ireland over privacy concerns', 'The Data Protection Commission ordered the company to stop processing Irish users\' data.'), 'enforcement');
  assert.equal(type('Spain bars chatbot app from government devices', 'Ministries told officials to remove the app from work phones.'), 'usage_restriction');
});

test('a state putting money in is industrial policy, a company\'s investment a deal', () => {
  assert.equal(type('Japan grants up to ¥920bn to Rapidus chip plant', 'The industry ministry said the new law supports domestic production.'), 'industrial_policy');
  assert.equal(type('Germany takes stake in chipmaker to secure supply'), 'industrial_policy');
  assert.equal(type('Microsoft takes stake in French AI start-up', 'Microsoft agreed a partnership with the Paris-based company.'), 'corporate_deal');
  assert.equal(type('Korea passes law raising tax breaks for chip investment', 'Lawmakers passed a bill.'), 'industrial_policy');
});

test('a market reaction headline takes its type from the cause: "rejects … takeover" is not a deal', () => {
  assert.equal(type('Shares tumble after Britain rejects gaming takeover', 'The watchdog vetoed the merger, the biggest deal in the sector.'), 'enforcement');
});

test('a political deal on a law is regulation', () => {
  assert.equal(type('EU negotiators strike deal on data act', 'The deal settles disputes.'), 'regulation');
});

// Regions: the acting jurisdiction by the kind of event (src/analyze/regions.ts).
import { analyzeStory, leadOf } from '../src/analyze/analyze.js';
import { findMentions } from '../src/analyze/recognize.js';
import { actingRegions } from '../src/analyze/regions.js';

const regionsOf = (title: string, body = '') => {
  const a = analyzeStory(k, { title, body });
  return actingRegions(a.event_type, a.entities, findMentions(k, title, leadOf(body)).places, title, leadOf(body));
};

test('a company\'s own move is placed at its home first, then where it happens', () => {
  assert.deepEqual(regionsOf('Meta begins removing news from Facebook and Instagram in Canada'), ['US', 'CA']);
  assert.deepEqual(regionsOf('ChatGPT returns to Italy after OpenAI meets regulator\'s demands',
    'OpenAI restored access for users in Italy after the Garante accepted its changes.'), ['US', 'IT']);
});

test('a provider cutting off a country: the provider\'s home, then the country', () => {
  assert.deepEqual(regionsOf('OpenAI to block API access from China from July 9'), ['US', 'CN']);
});

test('a deal: the acquirer\'s home; a clearance named after "after" is no region', () => {
  assert.deepEqual(regionsOf('Broadcom closes VMware deal after China clears it'), ['US']);
});

test('a banned product\'s maker does not act: the banning state does', () => {
  assert.deepEqual(regionsOf('DeepSeek joins TikTok on Canberra\'s list of banned government apps',
    'Australia has ordered DeepSeek removed from all government devices.').at(-1), 'AU');
  assert.equal(regionsOf('TikTok \'disappointed\' as Brussels orders officials to delete the app',
    'The European Commission told staff to remove TikTok from work phones.')[0], 'EU');
});

test('an incident is placed where the victim is, not where the attackers are said to be from', () => {
  assert.deepEqual(regionsOf('Chinese hackers breached US telecoms networks'), ['US']);
});

test('a lead that opens with a judge acting makes litigation, whoever the title names', () => {
  assert.equal(type('Regulator fails to win order halting chip merger',
    'A federal judge in San Francisco refused the agency\'s request for a preliminary injunction against the deal.'), 'litigation');
});

test('a country switching off the internet restricts its use; a company halting sales in a country moves its market', () => {
  assert.equal(type('Government switches off the internet as protests spread'), 'usage_restriction');
  assert.equal(type('Software maker halting new business in Russia', 'It will comply with sanctions imposed by Western governments.'), 'market_move');
});

test('a ban enacted as a law is regulation; a regulator\'s block is enforcement only on data or consumer grounds', () => {
  assert.equal(type('State becomes first to ban video app', 'The governor signed a law banning the app from January.'), 'regulation');
  assert.equal(type('Country blocks access to messaging app', 'The communications authority gave no reason for the block.'), 'usage_restriction');
  assert.equal(type('Country blocks access to chatbot', 'The communications authority cited the app\'s handling of personal data.'), 'enforcement');
});

test('an anti-dumping probe is a trade measure, not an enforcement probe', () => {
  assert.equal(type('Beijing opens anti-dumping probe into imported memory chips'), 'trade_restriction');
});

test('a product sold separately or an ad-free tier is a market move, not a deal', () => {
  assert.equal(type('Software maker to sell chat app separately from its office suite', 'Customers will be able to buy the suite without it.'), 'market_move');
  assert.equal(type('Social network to charge Europeans for ad-free version', 'The plan follows a court ruling on targeted ads.'), 'market_move');
});

test('a market move whose title names no market takes the one its lead opens with', () => {
  assert.deepEqual(regionsOf('Meta to charge users for ad-free Facebook and Instagram', 'Meta will offer users in the European Union a monthly subscription.'), ['US', 'EU']);
});

test('a court named after the headline\'s own verb does not act: closing an office is a market move', () => {
  assert.equal(type('Platform closes its office in Brazil in clash with Supreme Court justice', 'The company said it would close its operations in the country.'), 'market_move');
  assert.equal(type('Chipmaker fined €1bn by Dutch court'), 'litigation');
});

test('leadership changes and staff relocations have their own types', () => {
  assert.equal(type('Owner names advertising chief as social network\'s chief executive', 'She is expected to win back advertisers who left after the takeover.'), 'other');
  assert.equal(type('Cloud provider asks China-based staff to consider relocating abroad'), 'market_move');
});

test('consequence-led headlines: the lead\'s judge or the state\'s money decides', () => {
  assert.equal(type('App users win reprieve as ban is put on hold', 'A federal magistrate judge in San Francisco temporarily blocked the order.'), 'litigation');
  assert.equal(type('App stays in stores after late-night ruling', 'A federal judge in Washington blocked the administration\'s order that would have banned new downloads.'), 'litigation');
  assert.equal(type('Saudi Arabia plans $40bn push into artificial intelligence', 'The fund has held talks about a partnership to invest in start-ups.'), 'industrial_policy');
  assert.equal(type('Trudeau pledges C$2.4bn to boost AI computing power', 'Prime Minister Justin Trudeau announced the federal spending.'), 'industrial_policy');
  assert.equal(type('Meta agrees to pay Texas $1.4bn to settle facial recognition lawsuit'), 'litigation');
});

test('a trade measure\'s regions: the reason after the main clause is no target', () => {
  assert.deepEqual(regionsOf('Antivirus sales banned in US over Russia links', 'The US Commerce Department banned sales of the software.'), ['US']);
});

test('a company pulling news links or launching without a market moves its market; "in protest at" gives the reason', () => {
  assert.equal(type('Search giant starts removing state news links in protest at proposed law'), 'market_move');
  assert.equal(type('Video tool launches without Europe and the UK'), 'market_move');
});

test('states agreeing among themselves: partnerships, pacts, talks and pledges are "other", not deals or laws', () => {
  assert.equal(type('US and UK sign partnership to test advanced AI models', 'The two countries signed a memorandum of understanding.'), 'other');
  assert.equal(type('EU and Japan launch digital partnership at summit', 'The two sides agreed to work together on chips and data flows.'), 'other');
  assert.equal(type('Singapore, Chile and New Zealand sign digital economy pact'), 'other');
  assert.equal(type('Britain and Japan sign post-Brexit trade deal', 'The comprehensive economic partnership agreement covers data flows.'), 'other');
  assert.equal(type('Dozens of countries pledge not to pay ransoms to hackers', 'Members of the initiative said their governments would not pay ransomware groups.'), 'other');
  assert.equal(type('India signs trade pact with UAE'), 'other');
  assert.equal(type('Britain signs treaty to join Pacific trade pact', 'The trade bloc includes Japan, Canada and Australia.'), 'other');
  assert.equal(type('Canada signs declaration on AI safety'), 'other');
  assert.equal(type('US and China hold first talks on AI risks', 'Officials announced an agreement to meet again.'), 'other');
});

test('states agreeing on curbs, tariffs or sanctions restrict trade; on a law, regulate; on money, fund', () => {
  assert.equal(type('Japan and Netherlands agree to join US curbs on chip equipment for China', 'The deal would extend the controls.'), 'trade_restriction');
  assert.equal(type('West agrees to cut Russian banks off from SWIFT', 'The allies said so in a joint statement.'), 'trade_restriction');
  assert.equal(type('EU lawmakers and governments strike deal on AI Act'), 'regulation');
  assert.equal(type('Japan and US pledge $10bn for chip research'), 'industrial_policy');
  assert.equal(type('Seoul, Washington launch dialogue on export controls'), 'other');
});

test('a state\'s deal with a company is a deal; a forced sale on security grounds is a trade measure', () => {
  assert.equal(type('Britain signs deal with OpenAI to use AI in public services', 'The government signed a memorandum of understanding.'), 'corporate_deal');
  assert.equal(type('United States signs deal with chipmaker'), 'corporate_deal');
  assert.equal(type('Microsoft and OpenAI sign new partnership'), 'corporate_deal');
  assert.equal(type('Britain orders Chinese-owned chipmaker to sell Welsh fab', 'The business secretary used national security powers to reverse the takeover.'), 'trade_restriction');
});
