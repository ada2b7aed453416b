import type { CONFINED_HAZARDS, VENTILATION_KINDS } from '@safegrid/contracts/values';
import type { ConfinedSpaceTable, EnterpriseScale } from '../../apps/server/src/platform/db/schema';
import type { EnterpriseRecord } from './enterprises';
import { round6 } from './geometry';
import { Random, WeightedPicker, apportion } from './prng';

/**
 * The confined-space ledger (有限空间台账) of the demo city. Which firms hold spaces, what the
 * spaces are and every word about them are made up from templates of our own; nothing here is
 * surveyed data or quotes a regulation.
 */

export type ConfinedHazard = (typeof CONFINED_HAZARDS)[number];
export type VentilationKind = (typeof VENTILATION_KINDS)[number];
export type ConfinedSpaceType = ConfinedSpaceTable['space_type'];

export interface ConfinedSpaceRecord {
  /** The loader resolves the enterprise's database id through its credit code. */
  enterpriseCreditCode: string;
  /** Ledger number, unique within the enterprise: YX-001, YX-002… */
  code: string;
  name: string;
  spaceType: ConfinedSpaceType;
  location: string;
  lon: number;
  lat: number;
  hazards: ConfinedHazard[];
  ventilation: VentilationKind;
  entryPoints: number;
  rescuePlan: string;
  rescueEquipment: string[];
  warningSign: boolean;
}

export interface ConfinedSpaceTargets {
  enterprises: number;
  spaces: number;
}

export interface ConfinedSpaceLedger {
  spaces: ConfinedSpaceRecord[];
  /** Device id → code of the space it is installed at (a space of the device's own enterprise). */
  deviceSpaces: Map<string, string>;
}

interface SpaceTemplate {
  /** Alternative names; one is drawn per space. */
  names: readonly string[];
  type: ConfinedSpaceType;
  hazards: readonly ConfinedHazard[];
  /** Where in the works it sits ("污水站" → "厂区东侧污水站"). */
  places: readonly string[];
  ventilation: WeightedPicker<VentilationKind>;
  maxEntries: 1 | 2 | 3;
  weight: number;
}

const VENTILATION: readonly VentilationKind[] = ['natural', 'mechanical', 'none'];

/** `ventilation`: weights for natural, mechanical, none. */
const t = (
  names: readonly string[],
  type: ConfinedSpaceType,
  hazards: readonly ConfinedHazard[],
  places: readonly string[],
  ventilation: readonly [number, number, number],
  maxEntries: 1 | 2 | 3,
  weight: number,
): SpaceTemplate => ({
  names,
  type,
  hazards,
  places,
  ventilation: new WeightedPicker(VENTILATION, ventilation),
  maxEntries,
  weight,
});

// Decomposing organic matter gives H₂S and uses up the oxygen; anaerobic pits add methane.
const SEWAGE: readonly ConfinedHazard[] = ['h2s', 'oxygen_deficiency', 'drowning'];
const BIOGAS: readonly ConfinedHazard[] = ['h2s', 'oxygen_deficiency', 'combustible'];
// Fermentation fills a vessel with CO₂, which the four-gas detector cannot see: it shows up only
// as the oxygen it displaces.
const FERMENT: readonly ConfinedHazard[] = ['oxygen_deficiency'];

const SEWAGE_PLACES = ['污水站', '污水处理站', '废水处理区'];

/** Found at any works: the ledger of a firm of any trade holds some of these. */
const COMMON: readonly SpaceTemplate[] = [
  t(['污水处理池', '污水调节池'], 'underground', SEWAGE, SEWAGE_PLACES, [6, 3, 1], 3, 5),
  t(['集水井', '污水集水井'], 'underground', SEWAGE, ['污水站', '地下室', '生产车间'], [5, 2, 3], 1, 4),
  t(['化粪池'], 'underground', BIOGAS, ['办公楼', '宿舍楼', '食堂'], [5, 1, 4], 2, 4),
  t(
    ['污水检查井', '雨污水窨井', '地下排污管道'],
    'underground',
    BIOGAS,
    ['厂区道路', '围墙'],
    [6, 1, 3],
    1,
    3,
  ),
  t(
    ['地下电缆沟', '电缆井'],
    'underground',
    ['oxygen_deficiency', 'electrical'],
    ['配电房'],
    [6, 2, 2],
    2,
    1.5,
  ),
  t(
    ['消防水池', '地下蓄水池'],
    'underground',
    ['oxygen_deficiency', 'drowning'],
    ['消防泵房'],
    [5, 2, 3],
    2,
    1.5,
  ),
  t(
    ['锅炉', '燃气锅炉'],
    'closed_equipment',
    ['co', 'oxygen_deficiency', 'high_temperature'],
    ['锅炉房'],
    [1, 4, 5],
    1,
    1.5,
  ),
  t(
    ['储水罐', '原料储罐'],
    'aboveground',
    ['oxygen_deficiency', 'drowning'],
    ['罐区', '仓库'],
    [1, 2, 7],
    1,
    1.5,
  ),
];

/** Per trade: templates of its own, the first its signature space, with gas hazards. */
interface Profile {
  key: string;
  /** Selection weight of a firm of this trade before its size is counted. */
  pick: number;
  /** Mean number of spaces (before the size factor), as a relative weight. */
  spaces: number;
  templates: readonly SpaceTemplate[];
  /** Weight of COMMON templates against the trade's own. */
  common: number;
}

const PROFILES: Record<string, Profile> = {
  condiment: {
    key: 'condiment',
    pick: 5,
    spaces: 8,
    common: 0.8,
    templates: [
      t(['腌制池', '酱腌菜腌制池', '盐渍池'], 'underground', SEWAGE, ['腌制车间', '腌制场'], [6, 2, 2], 2, 8),
      t(['酱醅发酵池', '酱油发酵池'], 'underground', FERMENT, ['发酵车间', '晒场'], [6, 3, 1], 2, 3),
      t(
        ['发酵罐', '酱油发酵罐'],
        'closed_equipment',
        [...FERMENT, 'machinery'],
        ['发酵车间'],
        [1, 5, 4],
        1,
        3,
      ),
      t(
        ['调配罐', '储醋罐'],
        'aboveground',
        ['oxygen_deficiency', 'drowning'],
        ['调配车间', '罐区'],
        [1, 3, 6],
        1,
        2,
      ),
    ],
  },
  brewery: {
    key: 'brewery',
    pick: 5,
    spaces: 9,
    common: 0.6,
    templates: [
      t(
        ['发酵罐', '啤酒发酵罐', '酒精发酵罐'],
        'closed_equipment',
        [...FERMENT, 'machinery'],
        ['发酵车间'],
        [1, 5, 4],
        1,
        8,
      ),
      t(
        ['酒糟池', '酒糟暂存池'],
        'underground',
        ['oxygen_deficiency', 'h2s'],
        ['酒糟场', '发酵车间'],
        [6, 2, 2],
        2,
        4,
      ),
      t(['发酵窖池', '地下酒窖'], 'underground', FERMENT, ['酿造车间', '窖池区'], [4, 5, 1], 3, 3),
      t(
        ['清酒罐', '储酒罐'],
        'aboveground',
        ['oxygen_deficiency', 'drowning'],
        ['罐区', '储酒库'],
        [1, 3, 6],
        1,
        3,
      ),
      t(
        ['糖化锅', '蒸煮锅'],
        'closed_equipment',
        ['high_temperature', 'machinery'],
        ['糖化车间'],
        [1, 5, 4],
        1,
        2,
      ),
    ],
  },
  beverage: {
    key: 'beverage',
    pick: 3,
    spaces: 6,
    common: 1,
    templates: [
      t(
        ['发酵罐', '调配罐'],
        'closed_equipment',
        [...FERMENT, 'machinery'],
        ['调配车间', '发酵车间'],
        [1, 5, 4],
        1,
        5,
      ),
      t(
        ['糖浆储罐', '原料水罐'],
        'aboveground',
        ['oxygen_deficiency', 'drowning'],
        ['罐区', '水处理间'],
        [1, 3, 6],
        1,
        4,
      ),
      t(['CIP清洗罐'], 'closed_equipment', ['oxygen_deficiency', 'drowning'], ['灌装车间'], [1, 4, 5], 1, 2),
    ],
  },
  meat: {
    key: 'meat',
    pick: 5,
    spaces: 7,
    common: 0.8,
    templates: [
      t(['血水收集池', '屠宰废水池'], 'underground', BIOGAS, ['屠宰车间', '污水站'], [6, 3, 1], 2, 6),
      t(['隔油池'], 'underground', BIOGAS, ['屠宰车间', '分割车间'], [6, 2, 2], 1, 4),
      t(['腌制池', '卤制池'], 'underground', SEWAGE, ['腌制车间'], [6, 2, 2], 2, 2),
      t(['烫毛池'], 'underground', ['high_temperature', 'drowning'], ['屠宰车间'], [7, 2, 1], 2, 1.5),
    ],
  },
  food: {
    key: 'food',
    pick: 1.5,
    spaces: 5,
    common: 1.5,
    templates: [
      t(['隔油池', '食品废水调节池'], 'underground', BIOGAS, ['污水站', '生产车间'], [6, 2, 2], 1, 5),
      t(
        ['搅拌罐', '配料罐'],
        'closed_equipment',
        ['oxygen_deficiency', 'machinery'],
        ['配料车间'],
        [1, 4, 5],
        1,
        3,
      ),
      t(
        ['原料筒仓', '粉料仓'],
        'aboveground',
        ['engulfment', 'oxygen_deficiency', 'combustible'],
        ['原料库'],
        [1, 3, 6],
        1,
        2,
      ),
      t(['蒸煮锅'], 'closed_equipment', ['high_temperature', 'machinery'], ['蒸煮车间'], [1, 5, 4], 1, 1.5),
    ],
  },
  paper: {
    key: 'paper',
    pick: 1.5,
    spaces: 6,
    common: 1,
    templates: [
      t(
        ['纸浆池', '碎浆池', '浆料池'],
        'underground',
        ['oxygen_deficiency', 'h2s', 'machinery', 'drowning'],
        ['制浆车间'],
        [6, 3, 1],
        2,
        6,
      ),
      t(['白水池', '白水回收池'], 'underground', SEWAGE, ['抄纸车间'], [6, 2, 2], 2, 3),
      t(['水力碎浆机'], 'closed_equipment', ['machinery', 'drowning'], ['制浆车间'], [2, 3, 5], 1, 2),
      t(
        ['淀粉胶罐', '浆料储罐'],
        'aboveground',
        ['oxygen_deficiency', 'drowning'],
        ['调胶间', '罐区'],
        [1, 3, 6],
        1,
        2,
      ),
    ],
  },
  plating: {
    key: 'plating',
    pick: 6,
    spaces: 8,
    common: 0.7,
    // Cyanide and acid mists have no entry in the hazard vocabulary; H₂S (sulphide from mixed
    // effluents) and the lack of oxygen are what the four-gas detector can watch.
    templates: [
      t(
        ['电镀废水调节池', '综合废水调节池'],
        'underground',
        SEWAGE,
        ['废水处理站', '污水站'],
        [6, 3, 1],
        2,
        6,
      ),
      t(['含氰废水池', '含铬废水池', '含镍废水池'], 'underground', SEWAGE, ['废水处理站'], [5, 4, 1], 1, 4),
      t(['污泥浓缩池'], 'underground', BIOGAS, ['废水处理站'], [6, 2, 2], 1, 2),
      t(
        ['酸洗槽', '镀槽'],
        'closed_equipment',
        ['oxygen_deficiency', 'drowning'],
        ['电镀车间', '前处理线'],
        [1, 7, 2],
        1,
        2,
      ),
      t(
        ['化学品储罐', '酸液储罐'],
        'aboveground',
        ['oxygen_deficiency', 'drowning'],
        ['化学品仓库', '罐区'],
        [1, 3, 6],
        1,
        2,
      ),
    ],
  },
  dyeing: {
    key: 'dyeing',
    pick: 6,
    spaces: 8,
    common: 0.7,
    templates: [
      t(['印染废水调节池', '染整废水池'], 'underground', SEWAGE, ['废水处理站', '污水站'], [6, 3, 1], 2, 6),
      t(
        ['染缸', '溢流染色机'],
        'closed_equipment',
        ['high_temperature', 'machinery', 'oxygen_deficiency'],
        ['染整车间'],
        [1, 4, 5],
        1,
        4,
      ),
      t(['污泥浓缩池', '厌氧池'], 'underground', BIOGAS, ['废水处理站'], [6, 2, 2], 1, 2),
      t(
        ['助剂储罐', '碱液储罐'],
        'aboveground',
        ['oxygen_deficiency', 'drowning'],
        ['化料间', '罐区'],
        [1, 3, 6],
        1,
        2,
      ),
    ],
  },
  leather: {
    key: 'leather',
    pick: 6,
    spaces: 8,
    common: 0.7,
    // Sulphide unhairing liquor gives off H₂S as soon as it meets acid: the tanneries' killer.
    templates: [
      t(['灰液池', '浸灰废液池'], 'underground', SEWAGE, ['鞣制车间', '废水处理站'], [6, 3, 1], 2, 5),
      t(['鞣制废液池', '含铬废水池'], 'underground', SEWAGE, ['废水处理站'], [6, 3, 1], 2, 3),
      t(
        ['转鼓', '鞣制转鼓'],
        'closed_equipment',
        ['h2s', 'oxygen_deficiency', 'machinery'],
        ['鞣制车间'],
        [1, 4, 5],
        1,
        4,
      ),
      t(['污泥浓缩池'], 'underground', BIOGAS, ['废水处理站'], [6, 2, 2], 1, 1.5),
    ],
  },
  textile: {
    key: 'textile',
    pick: 2,
    spaces: 5,
    common: 1,
    templates: [
      t(['喷水织机废水池', '织造废水调节池'], 'underground', SEWAGE, ['污水站', '织造车间'], [6, 3, 1], 2, 5),
      t(
        ['浆纱槽', '调浆桶'],
        'closed_equipment',
        ['oxygen_deficiency', 'machinery'],
        ['浆纱车间'],
        [2, 4, 4],
        1,
        2,
      ),
      t(
        ['热媒炉', '导热油炉'],
        'closed_equipment',
        ['co', 'high_temperature', 'oxygen_deficiency'],
        ['锅炉房'],
        [1, 4, 5],
        1,
        1.5,
      ),
    ],
  },
  pharma: {
    key: 'pharma',
    pick: 2,
    spaces: 6,
    common: 1,
    templates: [
      t(['制药废水调节池', '综合废水池'], 'underground', SEWAGE, ['污水站', '废水处理站'], [6, 3, 1], 2, 5),
      t(
        ['反应釜', '提取罐'],
        'closed_equipment',
        ['oxygen_deficiency', 'machinery', 'combustible'],
        ['合成车间', '提取车间'],
        [1, 5, 4],
        1,
        4,
      ),
      t(['发酵罐', '种子罐'], 'closed_equipment', [...FERMENT, 'machinery'], ['发酵车间'], [1, 5, 4], 1, 2),
      t(
        ['溶剂储罐'],
        'aboveground',
        ['combustible', 'oxygen_deficiency', 'drowning'],
        ['罐区'],
        [1, 3, 6],
        1,
        2,
      ),
    ],
  },
  /** A manufacturer of another trade with its own sewage station. */
  general: {
    key: 'general',
    pick: 1,
    spaces: 5,
    common: 3,
    templates: [
      t(['生产废水调节池', '废水收集池'], 'underground', SEWAGE, SEWAGE_PLACES, [6, 3, 1], 2, 5),
      t(
        ['清洗槽', '酸洗槽'],
        'closed_equipment',
        ['oxygen_deficiency', 'drowning'],
        ['生产车间', '前处理线'],
        [1, 6, 3],
        1,
        1,
      ),
    ],
  },
  /** Not a trade with confined spaces; here only because it holds a demo device. */
  other: {
    key: 'other',
    pick: 0,
    spaces: 2,
    common: 4,
    templates: [
      t(['地下室集水井', '污水提升井'], 'underground', SEWAGE, ['地下室', '仓库'], [5, 2, 3], 1, 1),
    ],
  },
};

/** GB/T 4754-2017 classes of the generated city whose firms are drawn for a ledger by trade. */
export const CONFINED_SPACE_CLASSES: Record<string, readonly string[]> = {
  condiment: ['C1371', 'C1461', 'C1462', 'C1469'],
  brewery: ['C1511', 'C1512', 'C1513', 'C1514', 'C1515', 'C1519'],
  beverage: ['C1521', 'C1522', 'C1523', 'C1524', 'C1525', 'C1529'],
  meat: ['C1351', 'C1352', 'C1353', 'C1451'],
  paper: ['C2223', 'C2231', 'C2239'],
  plating: ['C3360'],
  dyeing: ['C1713', 'C1723', 'C1733', 'C1743', 'C1752', 'C1762'],
  leather: ['C1910', 'C1931'],
  textile: ['C1751', 'C1781'],
  pharma: ['C2710', 'C2720', 'C2730', 'C2740', 'C2750', 'C2761', 'C2762'],
};
const PROFILE_OF = new Map(
  Object.entries(CONFINED_SPACE_CLASSES).flatMap(([key, codes]) =>
    codes.map((code) => [code, PROFILES[key]!] as const),
  ),
);

/** The trade's ledger profile: a named class, other food, other manufacturing, or anything else. */
export function profileOf(industryCode: string): Profile {
  let profile = PROFILE_OF.get(industryCode);
  if (!profile) {
    if (/^C1[34]/.test(industryCode)) profile = PROFILES.food!;
    else if (industryCode.startsWith('C')) profile = PROFILES.general!;
    else profile = PROFILES.other!;
    // Asked 120,000 times for a few hundred classes.
    PROFILE_OF.set(industryCode, profile);
  }
  return profile;
}

const COMMON_TOTAL = COMMON.reduce((s, x) => s + x.weight, 0);
/** The trade's own templates and the common ones, the latter at `common` times the former's weight. */
const MIXES = new Map(
  Object.values(PROFILES).map((profile) => {
    const own = profile.templates;
    const ownTotal = own.reduce((s, x) => s + x.weight, 0);
    const picker = new WeightedPicker(
      [...own, ...COMMON],
      [
        ...own.map((x) => x.weight),
        ...COMMON.map((x) => (x.weight / COMMON_TOTAL) * ownTotal * profile.common),
      ],
    );
    return [profile, picker] as const;
  }),
);

// Bigger works have more tanks and pits; a micro workshop seldom runs its own sewage station.
const SCALE_PICK: Record<EnterpriseScale, number> = { micro: 0.3, small: 1, medium: 2, large: 3 };
const SCALE_SPACES: Record<EnterpriseScale, number> = { micro: 0.5, small: 1, medium: 1.7, large: 2.5 };
// Only a firm of some size has a sewage station that makes it a ledger holder at all.
const GENERAL_PICK: Record<EnterpriseScale, number> = { micro: 0, small: 0.02, medium: 0.3, large: 1 };

const MIN_SPACES = 1;
const MAX_SPACES = 20;

function selectionWeight(e: EnterpriseRecord): number {
  if (e.status === 'closed') return 0;
  const profile = profileOf(e.industryCode);
  return profile.pick * (profile.key === 'general' ? GENERAL_PICK : SCALE_PICK)[e.scale];
}

/**
 * Weighted sampling without replacement (Efraimidis–Spirakis): key u^(1/w), keep the largest.
 * Logarithms keep tiny weights from underflowing to equal keys.
 */
function weightedSample<T>(random: Random, items: readonly T[], weight: (item: T) => number, k: number): T[] {
  if (k <= 0) return [];
  const keys = new Float64Array(items.length).fill(-Infinity);
  items.forEach((item, i) => {
    const w = weight(item);
    if (w > 0) keys[i] = Math.log(1 - random.float()) / w;
  });
  // The k-th largest key by a numeric sort of a copy: sorting 120,000 objects costs ten times more.
  const threshold = keys.slice().sort()[Math.max(0, items.length - k)]!;
  const out: T[] = [];
  for (let i = 0; i < items.length && out.length < k; i++) {
    if (keys[i]! >= threshold && keys[i]! > -Infinity) out.push(items[i]!);
  }
  return out;
}

/**
 * Splits `total` over the firms in proportion to `weights`, each getting between MIN and MAX
 * spaces: firms over the cap are fixed there and the rest re-apportioned among the others.
 */
function cappedApportion(total: number, weights: readonly number[]): number[] {
  const counts = weights.map(() => MIN_SPACES);
  const open = new Set(weights.map((_, i) => i));
  let left = total - weights.length * MIN_SPACES;
  if (left < 0 || total > weights.length * MAX_SPACES) throw new RangeError('space total out of reach');
  while (left > 0) {
    const ids = [...open];
    const parts = apportion(
      left,
      ids.map((i) => weights[i]!),
    );
    const over = ids.filter((i, k) => MIN_SPACES + parts[k]! > MAX_SPACES);
    if (over.length === 0) {
      ids.forEach((i, k) => (counts[i] = MIN_SPACES + parts[k]!));
      break;
    }
    for (const i of over) {
      counts[i] = MAX_SPACES;
      left -= MAX_SPACES - MIN_SPACES;
      open.delete(i);
    }
  }
  return counts;
}

const SIDES = ['东侧', '西侧', '南侧', '北侧', '东北角', '东南角', '西北角', '西南角', '中部'];
// Every plan below sends rescuers in with breathing apparatus, so every space has one listed.
const EQUIPMENT_CORE = ['便携式四合一气体检测仪', '正压式空气呼吸器', '安全绳', '三脚架'];
const EQUIPMENT_MORE = ['通风机', '全身式安全带', '应急照明灯', '救援担架', '防爆对讲机', '长管呼吸器'];
const PLAN_FORMS: readonly ((plan: string, space: string) => string)[] = [
  (plan) => `执行《${plan}》，先通风、检测后进入，严禁盲目施救。`,
  (plan, space) => `${space}发生事故时启动《${plan}》，监护人立即呼救并组织撤离。`,
  (plan) => `按《${plan}》组织救援，救援人员佩戴正压式空气呼吸器进入。`,
];
const PLAN_NAMES = ['有限空间作业事故专项应急预案', '有限空间作业现场处置方案', '中毒窒息事故现场处置方案'];
const METRES_PER_DEGREE = 111_320;

/** A point `metres` away at a random bearing; good enough at Shenzhen's latitude and this range. */
function nearby(random: Random, lon: number, lat: number, metres: number): [number, number] {
  const bearing = random.float() * 2 * Math.PI;
  const dLat = (metres * Math.cos(bearing)) / METRES_PER_DEGREE;
  const dLon = (metres * Math.sin(bearing)) / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180));
  return [round6(lon + dLon), round6(lat + dLat)];
}

function spacesOf(random: Random, e: EnterpriseRecord, count: number): ConfinedSpaceRecord[] {
  const profile = profileOf(e.industryCode);
  const mix = MIXES.get(profile)!;
  // The signature space comes first, so every ledger (and every device firm) has a gas-hazard
  // space a detector and a lock make sense at.
  const templates = [profile.templates[0]!, ...Array.from({ length: count - 1 }, () => mix.pick(random))];
  const names = templates.map((tpl) => random.pick(tpl.names));
  const seen = new Map<string, number>();
  const total = new Map<string, number>();
  for (const n of names) total.set(n, (total.get(n) ?? 0) + 1);
  const planName = random.pick(PLAN_NAMES);
  return templates.map((tpl, i) => {
    const k = (seen.get(names[i]!) ?? 0) + 1;
    seen.set(names[i]!, k);
    const name = total.get(names[i]!)! > 1 ? `${k}号${names[i]}` : names[i]!;
    const [lon, lat] = nearby(random, e.lon, e.lat, 10 + random.float() * 85);
    const place = random.pick(tpl.places);
    const location = random.chance(0.2)
      ? `${random.int(1, 6)}号${place}旁`
      : `厂区${random.pick(SIDES)}${place}`;
    const drowns = tpl.hazards.includes('drowning');
    const more = random.shuffle([...EQUIPMENT_MORE]).slice(0, random.int(1, 4));
    if (drowns && random.chance(0.6)) more.push('救生圈');
    const equipment = [
      ...EQUIPMENT_CORE.filter((x) => x !== '三脚架' || tpl.type !== 'aboveground'),
      ...more,
    ];
    return {
      enterpriseCreditCode: e.creditCode,
      code: `YX-${String(i + 1).padStart(3, '0')}`,
      name,
      spaceType: tpl.type,
      location,
      lon,
      lat,
      hazards: [...tpl.hazards],
      ventilation: tpl.ventilation.pick(random),
      entryPoints: random.int(1, tpl.maxEntries),
      rescuePlan: random.pick(PLAN_FORMS)(planName, name),
      rescueEquipment: equipment,
      warningSign: random.chance(0.85),
    };
  });
}

const GAS: readonly ConfinedHazard[] = ['h2s', 'co', 'oxygen_deficiency', 'combustible'];

/**
 * Chooses the ledger holders by trade and size (every firm with a demo device among them),
 * gives them `targets.spaces` spaces between them, and puts each firm's lock and detector at one
 * space with gas hazards — both at the same one, as a permit needs the lock and the gas test.
 */
export function generateConfinedSpaces(
  enterprises: readonly EnterpriseRecord[],
  devices: readonly { id: string; enterpriseCreditCode: string }[],
  targets: ConfinedSpaceTargets,
  seed: number,
): ConfinedSpaceLedger {
  const random = Random.stream(seed, 'confined-spaces');
  const deviceFirms = new Set(devices.map((d) => d.enterpriseCreditCode));
  // One pass: looking 120,000 credit codes up in a set is the slowest step here.
  const forced: EnterpriseRecord[] = [];
  const others: EnterpriseRecord[] = [];
  for (const e of enterprises) (deviceFirms.has(e.creditCode) ? forced : others).push(e);
  if (forced.length > targets.enterprises) throw new Error('more device firms than confined-space firms');
  const rest = weightedSample(random, others, selectionWeight, targets.enterprises - forced.length);
  // Registration order (the enterprises' own), not draw order: ids then spread like the firms'.
  const chosenSet = new Set([...forced, ...rest]);
  const holders = enterprises.filter((e) => chosenSet.has(e));

  const weights = holders.map(
    (e) => profileOf(e.industryCode).spaces * SCALE_SPACES[e.scale] * random.logNormal(0.45),
  );
  const counts = cappedApportion(targets.spaces, weights);

  const spaces: ConfinedSpaceRecord[] = [];
  const deviceSpaces = new Map<string, string>();
  const byFirm = new Map<string, string[]>(); // device ids per firm
  for (const d of devices)
    byFirm.set(d.enterpriseCreditCode, [...(byFirm.get(d.enterpriseCreditCode) ?? []), d.id]);
  holders.forEach((e, i) => {
    const own = spacesOf(random, e, counts[i]!);
    spaces.push(...own);
    const ids = byFirm.get(e.creditCode);
    if (!ids) return;
    const at = random.pick(own.filter((s) => s.hazards.some((h) => GAS.includes(h))));
    // The space the demo shows off with live devices has its signs up.
    at.warningSign = true;
    for (const id of ids) deviceSpaces.set(id, at.code);
  });
  return { spaces, deviceSpaces };
}
