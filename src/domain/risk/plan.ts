import { Temporal } from 'temporal-polyfill'

/** One action in the risk management plan: ARMS feeds "a case formulation that feeds the plan" (DOMAIN.md §1.2). */
export interface PlanAction {
  id: string
  description: string
  /** Officer (or partner agency contact) responsible for the action. */
  ownerId: string
  dueOn: Temporal.PlainDate
  completedOn?: Temporal.PlainDate
}

export interface RiskManagementPlan {
  actions: readonly PlanAction[]
}

/** Open actions whose due date has passed, oldest first, so a supervisor sees the longest-late first. */
export function overduePlanActions(plan: RiskManagementPlan, today: Temporal.PlainDate): PlanAction[] {
  return plan.actions
    .filter(a => a.completedOn === undefined && Temporal.PlainDate.compare(a.dueOn, today) < 0)
    .sort((a, b) => Temporal.PlainDate.compare(a.dueOn, b.dueOn) || a.id.localeCompare(b.id))
}

/** Open actions owned by one person, earliest due first. */
export function openActionsFor(plan: RiskManagementPlan, ownerId: string): PlanAction[] {
  return plan.actions
    .filter(a => a.ownerId === ownerId && a.completedOn === undefined)
    .sort((a, b) => Temporal.PlainDate.compare(a.dueOn, b.dueOn) || a.id.localeCompare(b.id))
}
