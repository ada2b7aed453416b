import { CREDIT_CODE_ALPHABET, creditCodeCheckChar } from '../../packages/contracts/src/credit-code';
import type { IndustryRow } from '../../apps/server/src/grid/industries/industry-catalogue';
import type {
  EnterpriseScale,
  EnterpriseStatus,
  GongmaoCategory,
} from '../../apps/server/src/platform/db/schema';
import { pointInMultiPolygon, round6 } from './geometry';
import { DAPENG_ID, LONGGANG, type GridSite } from './jurisdiction';
import { Random, WeightedPicker } from './prng';

/**
 * Synthetic enterprises. Every one is made up: name, credit code, address, size, position. Only
 * the industry codes are real (GB/T 4754-2017 classes that carry a 工贸 category).
 */
export interface EnterpriseRecord {
  creditCode: string;
  name: string;
  address: string;
  industryCode: string;
  gongmaoCategory: GongmaoCategory;
  scale: EnterpriseScale;
  employees: number;
  lon: number;
  lat: number;
  gridId: string;
  communityId: string;
  streetId: string;
  districtId: string;
  status: EnterpriseStatus;
}

interface DivisionMix {
  division: string;
  /** Share of all enterprises, in per mille; our picture of Shenzhen's mix, not a statistic. */
  weight: number;
  /** Trade words that go into names ("深圳市鑫达{电子}有限公司"). */
  words: string[];
  /** Classes more common in Shenzhen than a uniform pick would make them. */
  boost?: Record<string, number>;
  /** Classes that would look absurd here (tyre plants, pulp mills…). */
  skip?: string[];
}

/**
 * Electronics and machinery dominate, then plastics, metal products, printing, furniture,
 * garments and trade: our own picture of a plausible Shenzhen mix, with weights of our own
 * choosing (not statistics).
 */
const MIX: readonly DivisionMix[] = [
  {
    division: 'C39',
    weight: 250,
    words: ['电子', '电子科技', '光电', '智能科技', '通讯', '精密电子', '电路科技', '显示技术'],
    boost: { C3982: 5, C3981: 3, C3976: 3, C3922: 3, C3912: 2, C3975: 2, C3974: 2, C3961: 2, C3973: 2 },
    skip: ['C3940', 'C3971'],
  },
  {
    division: 'C38',
    weight: 95,
    words: ['电器', '电气', '电源科技', '照明', '新能源', '电池', '电机'],
    boost: { C3841: 3, C3872: 3, C3874: 2, C3813: 2, C3824: 2, C3856: 2 },
  },
  {
    division: 'C33',
    weight: 80,
    words: ['五金', '金属制品', '精密五金', '表面处理', '模具五金'],
    boost: { C3389: 2, C3399: 3, C3360: 3, C3351: 2 },
    skip: ['C3323', 'C3331'],
  },
  {
    division: 'C34',
    weight: 55,
    words: ['机械', '精密机械', '自动化设备', '机电', '机器人'],
    boost: { C3484: 4, C3491: 2, C3482: 2, C3464: 2, C3465: 2 },
    skip: ['C3411', 'C3413', 'C3414', 'C3436', 'C3415'],
  },
  {
    division: 'C35',
    weight: 55,
    words: ['设备', '智能装备', '医疗器械', '模具', '环保设备'],
    boost: { C3525: 4, C3562: 2, C3563: 2, C3569: 2, C3581: 2, C3584: 2 },
    skip: ['C3511', 'C3512', 'C3513', 'C3571', 'C3573', 'C3574', 'C3575', 'C3577', 'C3592'],
  },
  { division: 'C40', weight: 22, words: ['仪器', '仪表', '测控技术', '光学'] },
  { division: 'C36', weight: 10, words: ['汽车配件', '汽车电子', '新能源汽车'], skip: ['C3611'] },
  {
    division: 'C37',
    weight: 5,
    words: ['电动车', '游艇', '无人机'],
    skip: ['C3711', 'C3712', 'C3713', 'C3714', 'C3715', 'C3716', 'C3719'],
  },
  { division: 'C43', weight: 6, words: ['设备维修', '机电维修'] },
  {
    division: 'C29',
    weight: 80,
    words: ['塑胶', '塑胶制品', '塑料制品', '橡胶制品', '硅胶制品'],
    boost: { C2929: 4, C2927: 2, C2926: 2, C2913: 2 },
    skip: ['C2911', 'C2914', 'C2916', 'C2928'],
  },
  { division: 'C23', weight: 40, words: ['印刷', '包装印刷', '彩印', '印务'], boost: { C2319: 4 } },
  {
    division: 'C22',
    weight: 18,
    words: ['纸品', '包装制品', '纸业'],
    skip: ['C2211', 'C2212', 'C2221', 'C2222'],
  },
  { division: 'C21', weight: 30, words: ['家具', '家居', '办公家具', '木业'] },
  {
    division: 'C24',
    weight: 35,
    words: ['工艺品', '玩具', '文具', '珠宝首饰', '体育用品'],
    boost: { C2438: 4, C2452: 2, C2451: 2 },
  },
  { division: 'C18', weight: 40, words: ['服装', '服饰', '制衣', '时装'] },
  { division: 'C17', weight: 12, words: ['纺织', '织造', '布业'] },
  { division: 'C19', weight: 15, words: ['鞋业', '皮具', '箱包'] },
  { division: 'C20', weight: 5, words: ['木制品', '竹木制品'] },
  { division: 'C13', weight: 8, words: ['食品', '农产品加工'] },
  { division: 'C14', weight: 14, words: ['食品', '烘焙食品', '调味品'] },
  { division: 'C15', weight: 6, words: ['饮料', '茶业', '酒业'] },
  { division: 'C27', weight: 7, words: ['生物医药', '制药', '医疗用品'] },
  { division: 'C30', weight: 14, words: ['建材', '混凝土', '石材', '新材料', '玻璃'] },
  { division: 'C32', weight: 8, words: ['有色金属', '铝业', '铜业', '金属材料'] },
  { division: 'C31', weight: 2, words: ['钢材', '金属材料'], skip: ['C3110', 'C3120', 'C3140'] },
  { division: 'C41', weight: 5, words: ['日用品', '实业'] },
  { division: 'C16', weight: 0.05, words: ['烟草'] },
  { division: 'F51', weight: 65, words: ['贸易', '商贸', '供应链', '电子商务', '实业'] },
  { division: 'F52', weight: 40, words: ['商行', '百货', '商贸', '建材商行', '五金商行'] },
];

const ALPHABET = [...CREDIT_CODE_ALPHABET];
const BRAND = [
  ...'鑫华泰达盛宏利恒源信邦科创瑞新德优美锦旺隆兴发誉嘉和润丰富裕安康永辉晟昌祥凯博聚成佳运益联通海天宇星光明威奥诺精英卓越腾飞顺捷锐迅智慧众合俊豪金银铭骏鹏浩铖炜煜森',
];
const SUFFIX: readonly [string, number][] = [
  ['有限公司', 60],
  ['科技有限公司', 25],
  ['实业有限公司', 8],
  ['股份有限公司', 2],
  ['厂', 5],
];
const ROAD_WORDS = [
  ...['兴业', '创业', '工业', '科技', '环城', '富民', '新城', '文化', '振兴', '和平', '建设', '发展', '金华'],
  ...['宏发', '富源', '创新', '同富', '凤凰', '东环', '西环', '南环', '北环', '人民', '中心', '红棉', '荔枝'],
  ...['榕树', '桂花', '翠竹', '锦绣', '长青', '华丰', '华兴', '吉祥', '永安', '福民', '景田', '松柏', '玉兰'],
];
const ROAD_TYPES = ['路', '大道', '街', '一路', '二路', '三路'];
const PARK_WORDS = ['第一', '第二', '第三', '新', '高新', '科技', '东', '西', '南', '北'];

const SCALES: readonly [EnterpriseScale, number][] = [
  ['micro', 68],
  ['small', 25],
  ['medium', 6],
  ['large', 1],
];
const TRADE_SCALES: readonly [EnterpriseScale, number][] = [
  ['micro', 85],
  ['small', 13],
  ['medium', 2],
];
/**
 * Head counts drawn within bands that fit each size word; the bands are our own choice for
 * plausible demo data, not the official size-classification thresholds.
 */
const EMPLOYEES: Record<EnterpriseScale, [number, number]> = {
  micro: [1, 19],
  small: [20, 299],
  medium: [300, 999],
  large: [1000, 6000],
};
const STATUSES: readonly [EnterpriseStatus, number][] = [
  ['operating', 93],
  ['suspended', 4],
  ['closed', 3],
];

const picker = <T>(pairs: readonly [T, number][]) =>
  new WeightedPicker(
    pairs.map((p) => p[0]),
    pairs.map((p) => p[1]),
  );

interface ClassChoice {
  row: IndustryRow;
  mix: DivisionMix;
}

function industryPicker(catalogue: readonly IndustryRow[]): WeightedPicker<ClassChoice> {
  const choices: ClassChoice[] = [];
  const weights: number[] = [];
  const byCode = new Map(catalogue.map((r) => [r.code, r]));
  for (const mix of MIX) {
    for (const code of [...Object.keys(mix.boost ?? {}), ...(mix.skip ?? [])]) {
      if (!byCode.has(code)) throw new Error(`industry mix names ${code}, which is not in the catalogue`);
    }
    const classes = catalogue.filter(
      (r) =>
        r.level === 4 && r.code.startsWith(mix.division) && r.gongmaoCategory && !mix.skip?.includes(r.code),
    );
    if (classes.length === 0) throw new Error(`no 工贸 classes in division ${mix.division}`);
    const boosts = classes.map((r) => mix.boost?.[r.code] ?? 1);
    const sum = boosts.reduce((a, b) => a + b, 0);
    classes.forEach((row, i) => {
      choices.push({ row, mix });
      weights.push((mix.weight * boosts[i]!) / sum);
    });
  }
  return new WeightedPicker(choices, weights);
}

/** A GB 32100 code: 91 (enterprise, market regulator) + district + 9-character body + check. */
function creditCode(random: Random, districtId: string): string {
  // 大鹏新区 firms register in 龙岗 statistically: the code carries 龙岗's division code.
  const division = districtId === DAPENG_ID ? LONGGANG : districtId;
  let body = '';
  for (let i = 0; i < 9; i++) body += random.pick(ALPHABET);
  const first17 = `91${division}${body}`;
  return first17 + creditCodeCheckChar(first17);
}

function companyName(
  random: Random,
  choice: ClassChoice,
  isTrade: boolean,
  suffixes: WeightedPicker<string>,
  brandLength: number,
): string {
  let brand = '';
  for (let i = 0; i < brandLength; i++) brand += random.pick(BRAND);
  const word = random.pick(choice.mix.words);
  let suffix = suffixes.pick(random);
  // "…电子科技" + "科技有限公司" would say 科技 twice; a trading firm or a tech firm is no 厂.
  if (suffix === '科技有限公司' && word.endsWith('科技')) suffix = '有限公司';
  if (suffix === '厂' && (isTrade || /科技|技术/.test(word))) suffix = '有限公司';
  const prefix = random.chance(0.9) ? '深圳市' : '深圳';
  return `${prefix}${brand}${word}${suffix}`;
}

export function generateEnterprises(
  grids: readonly GridSite[],
  catalogue: readonly IndustryRow[],
  seed: number,
): EnterpriseRecord[] {
  const random = Random.stream(seed, 'enterprises');
  const industries = industryPicker(catalogue);
  const suffixes = picker(SUFFIX);
  const scales = picker(SCALES);
  const tradeScales = picker(TRADE_SCALES);
  const statuses = picker(STATUSES);
  const names = new Set<string>();
  const codes = new Set<string>();
  const out: EnterpriseRecord[] = [];

  for (const grid of grids) {
    // A few roads and one industrial park per grid, so that neighbours share addresses.
    const roads = Array.from(
      { length: random.int(2, 4) },
      () => random.pick(ROAD_WORDS) + random.pick(ROAD_TYPES),
    );
    const park = `${grid.communityName.replace(/社区$/, '')}${random.pick(PARK_WORDS)}工业区`;
    const districtInAddress = grid.districtName;
    const shape = grid.node.boundary;

    for (let n = 0; n < grid.enterpriseCount; n++) {
      const choice = industries.pick(random);
      const isTrade = choice.row.code.startsWith('F');

      // Two-character brands run out in a big trade; clashes move on to three characters.
      let name = companyName(random, choice, isTrade, suffixes, 2);
      for (let attempt = 1; names.has(name); attempt++) {
        name = companyName(random, choice, isTrade, suffixes, attempt < 8 ? 2 : 3);
      }
      names.add(name);

      let code = creditCode(random, grid.districtId);
      while (codes.has(code)) code = creditCode(random, grid.districtId);
      codes.add(code);

      const inPark = !isTrade && random.chance(0.5);
      const address = inPark
        ? `深圳市${districtInAddress}${grid.streetName}${grid.communityName}${park}${random.int(1, 30)}栋${random.int(1, 8)}楼`
        : `深圳市${districtInAddress}${grid.streetName}${grid.communityName}${random.pick(roads)}${random.int(1, 399)}号`;

      const scale = (isTrade ? tradeScales : scales).pick(random);
      const [lo, hi] = EMPLOYEES[scale];
      // Skewed towards the bottom of the band, as head counts are.
      const employees = Math.round(lo + (hi - lo) * random.float() ** 2);

      let lon = grid.anchor[0];
      let lat = grid.anchor[1];
      for (let tries = 0; tries < 500; tries++) {
        const x = round6(grid.bbox.minX + random.float() * (grid.bbox.maxX - grid.bbox.minX));
        const y = round6(grid.bbox.minY + random.float() * (grid.bbox.maxY - grid.bbox.minY));
        if (pointInMultiPolygon(shape, x, y)) {
          lon = x;
          lat = y;
          break;
        }
      }

      out.push({
        creditCode: code,
        name,
        address,
        industryCode: choice.row.code,
        gongmaoCategory: choice.row.gongmaoCategory!,
        scale,
        employees,
        lon,
        lat,
        gridId: grid.node.id,
        communityId: grid.communityId,
        streetId: grid.streetId,
        districtId: grid.districtId,
        status: statuses.pick(random),
      });
    }
  }
  return out;
}
