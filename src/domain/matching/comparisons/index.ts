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
  first_name: nameComparator('first_name') as AnyComparator,
  middle_name: nameComparator('middle_name') as AnyComparator,
  surname: nameComparator('surname') as AnyComparator,
  full_name: fullNameComparator as AnyComparator,
  dob: dateOfBirthComparator as AnyComparator,
  gender: genderComparator as AnyComparator,
  postcode: postcodeComparator as AnyComparator,
  address: addressComparator as AnyComparator,
  locality: localityComparator as AnyComparator,
  email: emailComparator as AnyComparator,
  phone: phoneComparator as AnyComparator,
  identifier: identifierComparator as AnyComparator,
  reference: referenceComparator as AnyComparator,
  category: categoryComparator as AnyComparator,
}

export function comparatorFor(kind: FieldKind): AnyComparator {
  return comparators[kind]
}
