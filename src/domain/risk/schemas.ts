import { Temporal } from 'temporal-polyfill'
import { z } from 'zod'
import { ARMS_PROTECTIVE_FACTORS, ARMS_RISK_FACTORS, FACTOR_RATINGS } from './arms-factors.ts'
import type { ArmsFactor } from './arms-factors.ts'
import { RISK_LEVELS } from './levels.ts'
import { plainDateField, requiredText } from './validation.ts'

function factorSchema(factor: ArmsFactor) {
  return z
    .object({
      rating: z.enum(FACTOR_RATINGS, { error: `Select a rating for ${factor}` }),
      evidence: z
        .string()
        .trim()
        .max(5000, { error: `Evidence for ${factor} must be 5000 characters or fewer` }),
    })
    .superRefine((value, ctx) => {
      // Evidence is what the countersigning supervisor tests the rating against; "not present" needs none.
      if (value.rating !== 'not present' && value.evidence === '') {
        ctx.addIssue({ code: 'custom', path: ['evidence'], message: `Enter evidence for ${factor}` })
      }
    })
}

function factorGroup<const F extends readonly ArmsFactor[]>(factors: F) {
  const shape = Object.fromEntries(factors.map(f => [f, factorSchema(f)])) as {
    [K in F[number]]: ReturnType<typeof factorSchema>
  }
  return z.object(shape)
}

const riskLevel = (message: string) => z.enum(RISK_LEVELS, { error: message })

export const staticScoreSchema = z.object({
  tool: requiredText('Enter the name of the static risk tool', 100),
  version: requiredText('Enter the version of the scoring guide', 100),
  score: z.number({ error: 'Enter the score as a number' }).int({ error: 'Score must be a whole number' }),
  category: riskLevel('Select the risk category from the static tool'),
  assessedOn: plainDateField({
    required: 'Enter the date the static tool was scored',
    invalid: 'Date the static tool was scored must be a real date',
  }),
})

/**
 * "Complete an ARMS assessment", shared by the later form and API. `today` comes from the Clock so
 * "not in the future" is testable.
 */
export function armsAssessmentSchema(today: Temporal.PlainDate) {
  return z
    .object({
      subjectId: requiredText('Select the subject', 100),
      assessedOn: plainDateField({
        required: 'Enter the date of the assessment',
        invalid: 'Date of the assessment must be a real date',
      }),
      factors: z.object({
        risk: factorGroup(ARMS_RISK_FACTORS),
        protective: factorGroup(ARMS_PROTECTIVE_FACTORS),
      }),
      staticScore: staticScoreSchema.optional(),
      professionalJudgement: z
        .object({
          level: riskLevel('Select the risk level from your professional judgement'),
          reason: requiredText('Enter the reason for your professional judgement'),
        })
        .optional(),
      plan: z.object({
        actions: z
          .array(
            z.object({
              description: requiredText('Enter the action'),
              ownerId: requiredText('Select who owns the action', 100),
              dueOn: plainDateField({
                required: 'Enter the date the action is due',
                invalid: 'Date the action is due must be a real date',
              }),
            }),
          )
          .min(1, { error: 'Add at least one action to the risk management plan' }),
      }),
    })
    .superRefine((value, ctx) => {
      if (Temporal.PlainDate.compare(value.assessedOn, today) > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['assessedOn'],
          message: 'Date of the assessment must be today or in the past',
        })
      }
      value.plan.actions.forEach((action, i) => {
        if (Temporal.PlainDate.compare(action.dueOn, value.assessedOn) < 0) {
          ctx.addIssue({
            code: 'custom',
            path: ['plan', 'actions', i, 'dueOn'],
            message: 'Date the action is due must be the same as or after the date of the assessment',
          })
        }
      })
      if (value.staticScore && Temporal.PlainDate.compare(value.staticScore.assessedOn, value.assessedOn) > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['staticScore', 'assessedOn'],
          message: 'Date the static tool was scored must be the same as or before the date of the assessment',
        })
      }
    })
}

export type ArmsAssessmentInput = z.output<ReturnType<typeof armsAssessmentSchema>>
