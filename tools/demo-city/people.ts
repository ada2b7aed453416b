import type { GridSite } from './jurisdiction';
import { Random } from './prng';

/**
 * Synthetic grid inspectors (网格员) and their effective-dated grid assignments. Names are random
 * combinations of common characters; phone numbers all start 1380000 followed by a serial number,
 * so nobody mistakes them for a real person's number.
 */
export interface InspectorRecord {
  /** Unique within the demo city; the loader joins assignments to inspectors through it. */
  phone: string;
  name: string;
  streetId: string;
}

export interface AssignmentRecord {
  inspectorPhone: string;
  gridId: string;
  validFrom: string;
  validTo: string | null;
}

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余叶程苏魏吕丁沈钟卢姚廖邱江温赖谭',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰涛明超秀兰霞平刚桂英华建国志红玲海波辉鹏宇浩然晨欣怡俊杰子涵梓萱文斌晓东丽娟嘉欣思远佳琪振宇家豪锦荣',
];

/** Everyone on the demo roster started on this date. */
export const ROSTER_START = '2024-01-01';
const HANDOVER_SHARE = 0.05;
const THREE_INSPECTOR_SHARE = 0.2;

function isoDate(base: string, plusDays: number): string {
  const d = new Date(`${base}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + plusDays);
  return d.toISOString().slice(0, 10);
}

export function generatePeople(
  grids: readonly GridSite[],
  seed: number,
): { inspectors: InspectorRecord[]; assignments: AssignmentRecord[] } {
  const random = Random.stream(seed, 'people');
  const inspectors: InspectorRecord[] = [];
  const assignments: AssignmentRecord[] = [];
  const hire = (streetId: string): InspectorRecord => {
    const serial = inspectors.length + 1;
    if (serial > 9999) throw new Error('the 1380000xxxx phone scheme runs out at 9,999 inspectors');
    const given = random.chance(0.6) ? random.pick(GIVEN) + random.pick(GIVEN) : random.pick(GIVEN);
    const person = {
      phone: `1380000${String(serial).padStart(4, '0')}`,
      name: random.pick(SURNAMES) + given,
      streetId,
    };
    inspectors.push(person);
    return person;
  };

  // A fixed share rather than a coin per grid: even the small city then has handovers to show.
  const handoverCount = Math.max(1, Math.round(grids.length * HANDOVER_SHARE));
  const handoverGrids = new Set(random.shuffle(grids.map((g) => g.node.id)).slice(0, handoverCount));

  for (const grid of grids) {
    const seats = random.chance(THREE_INSPECTOR_SHARE) ? 3 : 2;
    const handoverSeat = handoverGrids.has(grid.node.id) ? random.int(0, seats - 1) : -1;
    for (let seat = 0; seat < seats; seat++) {
      const first = hire(grid.streetId);
      if (seat !== handoverSeat) {
        assignments.push({
          inspectorPhone: first.phone,
          gridId: grid.node.id,
          validFrom: ROSTER_START,
          validTo: null,
        });
        continue;
      }
      // A handover somewhere between 2025-03-01 and 2026-09-30: the predecessor's last day is the
      // day before, so on any date exactly one of the two is responsible for this seat.
      const handover = isoDate('2025-03-01', random.int(0, 578));
      const successor = hire(grid.streetId);
      assignments.push({
        inspectorPhone: first.phone,
        gridId: grid.node.id,
        validFrom: ROSTER_START,
        validTo: handover,
      });
      assignments.push({
        inspectorPhone: successor.phone,
        gridId: grid.node.id,
        validFrom: handover,
        validTo: null,
      });
    }
  }
  return { inspectors, assignments };
}
