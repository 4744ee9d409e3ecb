import type { FieldKind } from '../fieldKinds.ts'
import type { Comparator } from './comparator.ts'
import { emailComparator, phoneComparator } from './contact.ts'
import { dateOfBirthComparator } from './dateOfBirth.ts'
import { categoryComparator, genderComparator, identifierComparator, referenceComparator } from './exact.ts'
import { nameComparator } from './names.ts'
import { postcodeComparator } from './postcode.ts'
import { addressComparator, fullNameComparator, localityComparator } from './text.ts'

export type AnyComparator = Comparator<unknown>

const comparators: Record<FieldKind, AnyComparator> = {
  first_name: nameComparator('first_name'),
  middle_name: nameComparator('middle_name'),
  surname: nameComparator('surname'),
  full_name: fullNameComparator,
  dob: dateOfBirthComparator,
  gender: genderComparator,
  postcode: postcodeComparator,
  address: addressComparator,
  locality: localityComparator,
  email: emailComparator,
  phone: phoneComparator,
  identifier: identifierComparator,
  reference: referenceComparator,
  category: categoryComparator,
}

export function comparatorFor(kind: FieldKind): AnyComparator {
  return comparators[kind]
}
