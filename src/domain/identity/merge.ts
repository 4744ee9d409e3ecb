/** Every row a merge changed and what it held before, so unmerge can put each one back exactly. */
export interface MovedRows {
  /** The merged person's aliases, now on the surviving person. */
  aliases: string[]
  /** Aliases created on the surviving person from the merged person's own name. */
  addedAliases: string[]
  /** Address history moved across; `endedOn` is set when the merge ended the merged person's current home. */
  addresses: Array<{ id: string; endedOn: string | null }>
  householdMembers: string[]
  associations: string[]
  /** The subject record that moved with the merged person, if any. */
  subjectId: string | null
  /** Identifiers and details the surviving person lacked, copied from the merged person. */
  filled: Array<'pnc_id' | 'ni_number' | 'date_of_birth'>
}

/** What choosing the surviving record needs to know about each person. */
export interface MergeablePerson {
  id: string
  createdAt: Date
  subjectId: string | null
  subjectReference: string | null
}

/**
 * The record kept is the one under management (its subject reference is what officers know); otherwise the older
 * record, which other systems are likelier to point at. Two subjects cannot become one person here: ending a
 * registration is a decision for the managing teams, not a side effect of de-duplication.
 */
export function chooseSurvivor<P extends MergeablePerson>(
  a: P,
  b: P,
): { keep: P; merge: P; because: string } | { refusal: string } {
  if (a.subjectId && b.subjectId) {
    return {
      refusal: `Both records are registered subjects (${a.subjectReference ?? ''} and ${b.subjectReference ?? ''}). The managing teams must end one registration before the records can be merged`,
    }
  }
  if (a.subjectId) return { keep: a, merge: b, because: `it is the record of subject ${a.subjectReference ?? ''}` }
  if (b.subjectId) return { keep: b, merge: a, because: `it is the record of subject ${b.subjectReference ?? ''}` }
  const aFirst =
    a.createdAt.getTime() < b.createdAt.getTime() || (a.createdAt.getTime() === b.createdAt.getTime() && a.id < b.id)
  return aFirst
    ? { keep: a, merge: b, because: 'it was recorded first' }
    : { keep: b, merge: a, because: 'it was recorded first' }
}

/**
 * One person has one current home: when both records have one, the merged record's current home becomes history,
 * ended today (or on its own start date, if that is later). Returns the end date to set, or null to leave it.
 */
export function homeEndedByMerge(
  address: { toDate: string | null; kind: string; fromDate: string },
  keptHasHome: boolean,
  today: string,
): string | null {
  const ends = keptHasHome && address.toDate === null && address.kind !== 'other'
  if (!ends) return null
  return address.fromDate > today ? address.fromDate : today
}

/** The audit summary of a merge: how many rows of each kind moved (never the rows' contents). */
export function movedCounts(moved: MovedRows): Record<string, number | boolean | string[]> {
  return {
    aliases: moved.aliases.length,
    addedAliases: moved.addedAliases.length,
    addresses: moved.addresses.length,
    householdMembers: moved.householdMembers.length,
    associations: moved.associations.length,
    subject: moved.subjectId !== null,
    filled: moved.filled,
  }
}
