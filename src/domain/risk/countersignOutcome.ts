import { asRiskLevel, riskLevelLabel, type RiskLevel } from './levels.ts'

export interface CountersignOutcome {
  /** The subject's new risk level, when countersigning changes it. */
  newLevel: RiskLevel | undefined
  /** Timeline entries the countersignature writes, in order. */
  timeline: Array<{ kind: string; summary: string }>
}

/**
 * What countersigning an ARMS assessment changes. The subject's risk level is the level of the latest
 * countersigned assessment (the force's assessment); when that differs from the level held, the level changes and
 * the timeline says from what to what.
 */
export function countersignOutcome(input: {
  heldLevel: string | null
  latestCountersignedLevel: RiskLevel
  assessedOn: string
}): CountersignOutcome {
  const held = asRiskLevel(input.heldLevel)
  const changed = held !== input.latestCountersignedLevel
  const timeline: CountersignOutcome['timeline'] = []
  if (changed) {
    const to = riskLevelLabel(input.latestCountersignedLevel).toLowerCase()
    timeline.push({
      kind: 'risk-level-changed',
      summary: held
        ? `Risk level changed from ${riskLevelLabel(held).toLowerCase()} to ${to}`
        : `Risk level set to ${to}`,
    })
  }
  timeline.push({
    kind: 'risk-assessment-countersigned',
    summary: `ARMS assessment of ${input.assessedOn} countersigned`,
  })
  return { newLevel: changed ? input.latestCountersignedLevel : undefined, timeline }
}
