import {
  loadIndustryCatalogue,
  type IndustryRow,
} from '../../apps/server/src/grid/industries/industry-catalogue';
import { generateDemoAccounts, type DemoAccount } from './accounts';
import { generateConfinedSpaces, type ConfinedSpaceRecord } from './confined-spaces';
import { generateEnterprises, type EnterpriseRecord } from './enterprises';
import { ALL_DISTRICTS, DAPENG_ID, buildTree, type JurisdictionNode } from './jurisdiction';
import { generatePeople, type AssignmentRecord, type InspectorRecord } from './people';
import { Random } from './prng';
import { loadShenzhenReference } from './reference';

export type DemoCitySizeName = 'full' | 'small' | 'units607k';

export interface DeviceRecord {
  id: string;
  kind: 'gas_detector' | 'smart_lock';
  /** The loader resolves the enterprise's database id through its credit code. */
  enterpriseCreditCode: string;
  label: string;
  /** Code of the confined space (of the same enterprise) the device is installed at. */
  confinedSpaceCode: string;
}

export interface DemoCity {
  size: DemoCitySizeName;
  seed: number;
  jurisdictions: JurisdictionNode[];
  inspectors: InspectorRecord[];
  assignments: AssignmentRecord[];
  enterprises: EnterpriseRecord[];
  devices: DeviceRecord[];
  /** The confined-space ledger (有限空间台账) of the enterprises that have one. */
  confinedSpaces: ConfinedSpaceRecord[];
  /** Sign-in accounts for every role; the loader gives them all the one demo password. */
  accounts: DemoAccount[];
}

interface SizePreset {
  districts: readonly string[];
  enterprises: number;
  grids: number;
  gasDetectors: number;
  smartLocks: number;
  /** Firms with a confined-space ledger, and their spaces between them. */
  confinedEnterprises: number;
  confinedSpaces: number;
}

/**
 * full: Shenzhen's published scale (120,000 工贸 enterprises, 890 grids, 2,000+ inspectors);
 * about 1,875 firms with confined spaces, 12,000 spaces between them (our own estimate).
 * small: two whole districts — 坪山区 and 大鹏新区 (so the functional district is always there)
 * — with about 1/20 of the enterprises and their share of the spaces: quick enough for tests.
 * units607k: the full city with every production and business unit (生产经营单位, about 607,000)
 * instead of the 工贸 enterprises alone — a load test for set-based work such as grading.
 */
export const SIZES: Record<DemoCitySizeName, SizePreset> = {
  full: {
    districts: ALL_DISTRICTS,
    enterprises: 120_000,
    grids: 890,
    gasDetectors: 240,
    smartLocks: 60,
    confinedEnterprises: 1_875,
    confinedSpaces: 12_000,
  },
  units607k: {
    districts: ALL_DISTRICTS,
    enterprises: 607_000,
    grids: 890,
    gasDetectors: 240,
    smartLocks: 60,
    confinedEnterprises: 1_875,
    confinedSpaces: 12_000,
  },
  small: {
    districts: ['440310', DAPENG_ID],
    enterprises: 5_000,
    grids: 55,
    gasDetectors: 20,
    smartLocks: 8,
    confinedEnterprises: 78,
    confinedSpaces: 500,
  },
};

/**
 * Gas detectors go to operating firms with some staff; each smart lock guards a confined space at
 * a firm that also has a detector, as a permit needs both a lock and a pre-entry gas test.
 */
function generateDevices(
  enterprises: readonly EnterpriseRecord[],
  preset: SizePreset,
  seed: number,
): Omit<DeviceRecord, 'confinedSpaceCode'>[] {
  const random = Random.stream(seed, 'devices');
  const candidates = enterprises.filter((e) => e.status === 'operating' && e.employees >= 5);
  const chosen = random.shuffle([...candidates]).slice(0, preset.gasDetectors);
  if (chosen.length < preset.gasDetectors) throw new Error('not enough enterprises for the demo devices');
  const devices: Omit<DeviceRecord, 'confinedSpaceCode'>[] = chosen.map((e, i) => ({
    id: `GD-${String(i + 1).padStart(6, '0')}`,
    kind: 'gas_detector',
    enterpriseCreditCode: e.creditCode,
    label: '四合一气体检测仪（O₂/H₂S/CO/LEL）',
  }));
  chosen.slice(0, preset.smartLocks).forEach((e, i) =>
    devices.push({
      id: `LK-${String(i + 1).padStart(6, '0')}`,
      kind: 'smart_lock',
      enterpriseCreditCode: e.creditCode,
      label: '有限空间智能锁',
    }),
  );
  return devices;
}

export function generateDemoCity(options: {
  size: DemoCitySizeName;
  seed: number;
  catalogue?: readonly IndustryRow[];
}): DemoCity {
  const preset = SIZES[options.size];
  const tree = buildTree(loadShenzhenReference(), {
    seed: options.seed,
    districts: preset.districts,
    enterprises: preset.enterprises,
    grids: preset.grids,
  });
  const people = generatePeople(tree.grids, options.seed);
  // Real registrations arrive over time from all over the city; generated grid by grid, ids
  // would follow the map and mislead the planner (it walks the id index for a district filter
  // expecting matches everywhere, and finds them only at one end). Shuffle to registration order.
  const enterprises = Random.stream(options.seed, 'registration-order').shuffle(
    generateEnterprises(tree.grids, options.catalogue ?? loadIndustryCatalogue(), options.seed),
  );
  const unplaced = generateDevices(enterprises, preset, options.seed);
  const ledger = generateConfinedSpaces(
    enterprises,
    unplaced,
    { enterprises: preset.confinedEnterprises, spaces: preset.confinedSpaces },
    options.seed,
  );
  const devices = unplaced.map((d) => ({ ...d, confinedSpaceCode: ledger.deviceSpaces.get(d.id)! }));
  const parts = {
    jurisdictions: tree.nodes,
    inspectors: people.inspectors,
    assignments: people.assignments,
    enterprises,
    devices,
    confinedSpaces: ledger.spaces,
  };
  return {
    size: options.size,
    seed: options.seed,
    ...parts,
    accounts: generateDemoAccounts(parts, options.seed),
  };
}
