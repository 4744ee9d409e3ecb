/**
 * The HTTP helpers shared by the web pages (`src/web`) and the JSON API (`src/api`), which never import each other:
 * who the caller is, problem+json for the domain's errors, form and query parsing, record ids.
 */
export { apiActor, webActor } from './actor.ts'
export { checked, formDate, formOf, formText, nulBytePath, refuseNulBytes, type Checked, type Form } from './forms.ts'
export { problemForDomainError, sendProblem, validationProblem, type Problem } from './problem.ts'
export {
  MAX_PAGE,
  fieldErrors,
  filterChoice,
  filterDate,
  filterText,
  hasControlCharacters,
  pageSchema,
  pagedQuery,
  parseInput,
  uuidSchema,
} from './query.ts'
export { isUuid } from '../domain/ids.ts'
