import { Temporal } from 'temporal-polyfill'
import { Conflict, Forbidden, ValidationError } from '../errors.ts'
import { ARMS_RISK_FACTORS, factorsMissingEvidence } from './arms-factors.ts'
import type { ArmsAssessment } from './assessment.ts'

/**
 * Countersignature is the governance and "peer support" step GMP credits for cutting overdue risk assessments
 * (issue 5; DOMAIN.md §4). A second pair of eyes only counts if it is a supervisor's and not the author's.
 */
export interface Countersigner {
  officerId: string
  /** Held by sergeants and above in the SOMU; the role model lives in the access layer, not here. */
  isSupervisor: boolean
}

export type CountersignRefusal =
  | 'not a supervisor'
  | 'author cannot countersign'
  | 'already countersigned'
  | 'before the assessment'
  | 'evidence missing'

/** Why this person may not countersign now, or undefined if they may. Pure, so pages can hide the button. */
export function countersignRefusal(
  assessment: ArmsAssessment,
  by: Countersigner,
  on: Temporal.PlainDate,
): CountersignRefusal | undefined {
  if (assessment.countersignature) return 'already countersigned'
  if (by.officerId === assessment.authorId) return 'author cannot countersign'
  if (!by.isSupervisor) return 'not a supervisor'
  if (Temporal.PlainDate.compare(on, assessment.assessedOn) < 0) return 'before the assessment'
  if (factorsMissingEvidence(assessment.factors).length > 0) return 'evidence missing'
  return undefined
}

/** Returns the countersigned assessment, or throws the error type the adapters map to a page or problem. */
export function countersign(
  assessment: ArmsAssessment,
  by: Countersigner,
  on: Temporal.PlainDate,
  comments?: string,
): ArmsAssessment {
  const refusal = countersignRefusal(assessment, by, on)
  switch (refusal) {
    case undefined:
      return {
        ...assessment,
        countersignature: { supervisorId: by.officerId, countersignedOn: on, ...(comments ? { comments } : {}) },
      }
    case 'already countersigned':
      throw new Conflict('This assessment has already been countersigned')
    case 'author cannot countersign':
      throw new Forbidden('You cannot countersign an assessment you wrote')
    case 'not a supervisor':
      throw new Forbidden('Only a supervisor can countersign an assessment')
    case 'before the assessment':
      throw new ValidationError([
        { field: 'countersignedOn', message: 'Date of countersignature must be the same as or after the assessment' },
      ])
    case 'evidence missing':
      throw new ValidationError(
        factorsMissingEvidence(assessment.factors).map(f => ({
          field: `factors.${(ARMS_RISK_FACTORS as readonly string[]).includes(f) ? 'risk' : 'protective'}.${f}.evidence`,
          message: `Enter evidence for ${f}`,
        })),
      )
  }
}
