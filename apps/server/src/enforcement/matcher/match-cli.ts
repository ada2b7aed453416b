import { MAJOR_HAZARD_FIELDS } from '@safegrid/contracts/values';
import { FINDING_MAX_LENGTH } from '@safegrid/contracts';
import { regulationLibrary } from '../regulations/regulation-library';
import type { MatchOptions } from './clause-matcher';

/**
 * npm run -s match -- [--json] [--limit N] [--field dust_explosion]… "<finding>"
 *
 * The clause matcher from the command line: the same code as POST /api/regulations/match, with
 * the ranked provisions as JSON (--json) or as a short list for a person.
 */

const USAGE = 'usage: npm run -s match -- [--json] [--limit 1-20] [--field <field>]… "<finding>"';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let json = false;
let limit = 5;
const fields: NonNullable<MatchOptions['fields']>[number][] = [];
const words: string[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--json') json = true;
  else if (arg === '--limit') {
    limit = Number(args[++i]);
    if (!Number.isInteger(limit) || limit < 1 || limit > 20)
      fail('--limit must be a whole number from 1 to 20');
  } else if (arg === '--field') {
    const field = args[++i] as (typeof MAJOR_HAZARD_FIELDS)[number];
    if (!MAJOR_HAZARD_FIELDS.includes(field))
      fail(`--field must be one of ${MAJOR_HAZARD_FIELDS.join(', ')}`);
    fields.push(field);
  } else if (arg.startsWith('--')) fail(`unknown option ${arg}`);
  else words.push(arg);
}

const finding = words.join(' ').trim();
if (!finding) fail('no finding given');
if (finding.length > FINDING_MAX_LENGTH)
  fail(`the finding has ${finding.length} characters; at most ${FINDING_MAX_LENGTH}`);
const { matcher } = regulationLibrary();
if (matcher.isBlank(finding)) fail('the finding has nothing to match (only punctuation or blanks)');

const result = matcher.match(finding, { limit, fields });
if (json) {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
  for (const p of result.provisions) {
    const fines = p.penalty?.fines
      .filter((f) => f.maxYuan !== null)
      .map((f) => `${f.target} ${f.minYuan}–${f.maxYuan} 元`)
      .join('；');
    process.stdout.write(`${p.rank}. ${p.label}（${p.relative}）\n   ${p.text}\n`);
    if (p.violated.length > 0)
      process.stdout.write(`   违反：${p.violated.map((v) => v.label).join('、')}\n`);
    if (p.penalty) process.stdout.write(`   处罚依据：${p.penalty.label}${fines ? `（${fines}）` : ''}\n`);
    if (p.explanation.matchedPhrases.length > 0) {
      process.stdout.write(`   匹配：${p.explanation.matchedPhrases.join('、')}\n`);
    }
  }
  if (result.majorHazard)
    process.stdout.write(`重大事故隐患：${result.majorHazard.label} ${result.majorHazard.text}\n`);
  if (result.provisions.length === 0) process.stdout.write('没有匹配的条款\n');
}
