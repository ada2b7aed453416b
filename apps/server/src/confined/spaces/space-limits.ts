import type { SpaceGasLimit, UpdateSpaceLimits } from '@safegrid/contracts';
import type { FieldProblem } from '../../errors';
import {
  effectiveLimits,
  GAS_RULE_IDS,
  GAS_RULE_SHAPES,
  type GasLimits,
  type GasRuleId,
  type LimitProblem,
} from '../alarms/gas-limits';

/**
 * Per-space alarm limits as the ledger shows and edits them. The rules of what an override may be
 * (unit stated, inside the measurable range, clearAt on the safe side, never looser than the
 * default) are gas-limits.ts's `effectiveLimits`, the same function the monitor and the gas test
 * apply; this adds what only a whole set can break (O₂ low limit at or above the high one) and
 * turns every problem into a field of the request.
 */

/** Every rule as it applies with this override (stored JSON), each with its default and source. */
export function presentLimits(defaults: GasLimits, override: unknown): SpaceGasLimit[] {
  const merged = effectiveLimits(defaults, override ?? undefined);
  // A stored override that no longer passes (the defaults tightened since) is ignored by the
  // monitor too: the defaults apply, and the ledger must say what really applies.
  const limits = merged.ok ? merged.limits : defaults;
  return GAS_RULE_IDS.map((id) => {
    const rule = limits[id];
    const base = defaults[id];
    const shape = GAS_RULE_SHAPES[id];
    return {
      rule: id,
      gas: shape.gas,
      unit: shape.unit,
      comparator: rule.comparator,
      direction: shape.direction,
      value: rule.value,
      clearAt: rule.clearAt,
      windowMinutes: shape.windowMinutes,
      origin: rule.origin,
      defaultValue: base.value,
      defaultClearAt: base.clearAt,
      source: { ...base.source },
      note: base.note ?? null,
    };
  });
}

const FIELD_OF: Readonly<Record<string, string>> = { value: 'value', clearAt: 'clearAt', unit: 'unit' };

/**
 * The override to store for this request (null: back to the defaults), or the problems, each at
 * `/body/rules/<index>/<field>` with a code the UI explains (`space.limit_<problem>`).
 */
export function checkLimitUpdate(
  defaults: GasLimits,
  body: UpdateSpaceLimits,
):
  | { ok: true; override: Record<string, { value: number; clearAt: number; unit: string }> | null }
  | {
      ok: false;
      problems: FieldProblem[];
    } {
  const problems: FieldProblem[] = [];
  const indexOf = new Map<GasRuleId, number>();
  body.rules.forEach((entry, i) => {
    if (indexOf.has(entry.rule)) {
      problems.push({
        pointer: `/body/rules/${i}/rule`,
        code: 'space.limit_duplicate_rule',
        params: { rule: entry.rule },
      });
    }
    indexOf.set(entry.rule, i);
  });
  if (problems.length > 0) return { ok: false, problems };
  if (body.rules.length === 0) return { ok: true, override: null };
  const override = Object.fromEntries(
    body.rules.map((r) => [r.rule, { value: r.value, clearAt: r.clearAt, unit: r.unit }]),
  );
  const merged = effectiveLimits(defaults, override);
  if (!merged.ok) {
    for (const p of merged.errors) problems.push(toField(p, indexOf, defaults));
    return { ok: false, problems };
  }
  const low = merged.limits.o2_low;
  const high = merged.limits.o2_high;
  if (low.value >= high.value || low.clearAt >= high.clearAt) {
    const at = indexOf.get('o2_low') ?? indexOf.get('o2_high')!;
    problems.push({
      pointer: `/body/rules/${at}/value`,
      code: 'space.limit_o2_crossed',
      params: { low: low.value, high: high.value },
    });
    return { ok: false, problems };
  }
  return { ok: true, override };
}

function toField(problem: LimitProblem, indexOf: Map<GasRuleId, number>, defaults: GasLimits): FieldProblem {
  const [rule, field] = problem.path.split('.') as [GasRuleId, string | undefined];
  const index = indexOf.get(rule) ?? 0;
  const base = defaults[rule];
  return {
    pointer: `/body/rules/${index}${field && FIELD_OF[field] ? `/${FIELD_OF[field]}` : ''}`,
    code: `space.limit_${problem.code}`,
    params: {
      rule,
      unit: base?.unit ?? '',
      defaultValue: base?.value ?? '',
      defaultClearAt: base?.clearAt ?? '',
    },
  };
}
