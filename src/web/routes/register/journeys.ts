import { DEADLINE_WORDING } from '../../../domain/register/deadlineWording.ts'
import type { RecordedKind } from '../../../domain/register/notificationInput.ts'
import { DEFAULT_REGISTER_SETTINGS } from '../../../domain/register/settings.ts'

/**
 * The question pages of each notification journey (GOV.UK "one thing per page" where it helps the front desk:
 * when and where first, then what changed). Each field names its path in the service's input ('address.postcode');
 * its form name is the path with dashes ('address-postcode'), so error summaries link to the input.
 */
export type Field =
  | { type: 'text'; path: string; label: string; hint?: string; classes?: string; optional?: boolean }
  | { type: 'date'; path: string; label: string; hint?: string; optional?: boolean }
  | { type: 'time'; path: string; label: string; hint?: string; optional?: boolean }
  | {
      type: 'radios'
      path: string
      label: string
      items: Array<{ value: string; text: string; hint?: string }>
      inline?: boolean
      optional?: boolean
    }
  | { type: 'station'; path: string; label: string; optional?: boolean }

export interface Page {
  slug: string
  title: string
  caption?: string
  fields: Field[]
}

export interface Journey {
  kind: RecordedKind
  /** What the statute requires and the deadline, shown on the first page. */
  basis: string
  pages: Page[]
}

const whenAndWhere: Page = {
  slug: 'given',
  title: 'When and where was the notification given?',
  fields: [
    { type: 'date', path: 'notifiedOn', label: 'Date notified', hint: 'For example, 23 11 2026' },
    { type: 'time', path: 'notifiedTime', label: 'Time notified', hint: 'Use the 24-hour clock, for example 14:30' },
    { type: 'station', path: 'policeStation', label: 'Police station' },
  ],
}

const address = (prefix: string, postcodeOptional = false): Field[] => [
  { type: 'text', path: `${prefix}.line1`, label: 'Address line 1' },
  { type: 'text', path: `${prefix}.line2`, label: 'Address line 2 (optional)', optional: true },
  { type: 'text', path: `${prefix}.town`, label: 'Town or city', classes: 'govuk-!-width-two-thirds' },
  {
    type: 'text',
    path: `${prefix}.postcode`,
    label: postcodeOptional ? 'Postcode (optional if no fixed abode)' : 'Postcode',
    classes: 'govuk-input--width-10',
    optional: postcodeOptional,
  },
]

const yesNo = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
]

const nfa = (label: string): Field => ({
  type: 'radios',
  path: 'noFixedAbode',
  label,
  inline: true,
  items: yesNo,
})

export const JOURNEYS: Record<RecordedKind, Journey> = {
  initial: {
    kind: 'initial',
    basis: DEADLINE_WORDING.initial,
    pages: [
      whenAndWhere,
      {
        slug: 'details',
        title: 'Initial notification',
        fields: [
          {
            type: 'date',
            path: 'eventDate',
            label: 'Date the notification requirement started',
            hint: 'The relevant date, or the date of release if they were in custody',
          },
          nfa('Does the subject have no fixed abode?'),
          ...address('address', true),
        ],
      },
    ],
  },
  'change-of-name': {
    kind: 'change-of-name',
    basis: DEADLINE_WORDING['change-of-name'],
    pages: [
      whenAndWhere,
      {
        slug: 'name',
        title: 'What is the new name?',
        fields: [
          { type: 'text', path: 'givenName', label: 'First name' },
          { type: 'text', path: 'middleNames', label: 'Middle names (optional)', optional: true },
          { type: 'text', path: 'familyName', label: 'Last name' },
          { type: 'date', path: 'eventDate', label: 'Date they started using the name' },
        ],
      },
    ],
  },
  'change-of-home-address': {
    kind: 'change-of-home-address',
    basis: DEADLINE_WORDING['change-of-home-address'],
    pages: [
      whenAndWhere,
      {
        slug: 'address',
        title: 'What is the new home address?',
        fields: [
          { type: 'date', path: 'eventDate', label: 'Date they moved' },
          nfa('Is this a place where they can regularly be found, because they have no fixed abode?'),
          ...address('address', true),
        ],
      },
    ],
  },
  'other-address': {
    kind: 'other-address',
    basis: DEADLINE_WORDING['other-address'],
    pages: [
      whenAndWhere,
      {
        slug: 'address',
        title: 'Where have they been staying?',
        fields: [
          ...address('address'),
          { type: 'date', path: 'fromDate', label: 'Date they first stayed there' },
          { type: 'date', path: 'eventDate', label: 'Date the qualifying period was completed' },
        ],
      },
    ],
  },
  'child-household': {
    kind: 'child-household',
    basis: DEADLINE_WORDING['child-household'],
    pages: [
      whenAndWhere,
      {
        slug: 'household',
        title: 'Where is the household?',
        fields: [
          ...address('address'),
          { type: 'date', path: 'eventDate', label: 'Date they started staying' },
          { type: 'text', path: 'relationship', label: 'How does the subject know the household?' },
        ],
      },
      {
        slug: 'child',
        title: 'Which child lives there?',
        fields: [
          { type: 'text', path: 'child.givenName', label: "Child's first name" },
          { type: 'text', path: 'child.familyName', label: "Child's last name" },
          { type: 'date', path: 'child.dateOfBirth', label: "Child's date of birth" },
        ],
      },
    ],
  },
  'release-from-custody': {
    kind: 'release-from-custody',
    basis: DEADLINE_WORDING['release-from-custody'],
    pages: [
      whenAndWhere,
      {
        slug: 'release',
        title: 'Release from custody',
        fields: [
          { type: 'date', path: 'eventDate', label: 'Date of release' },
          { type: 'text', path: 'establishment', label: 'Prison or hospital released from' },
        ],
      },
    ],
  },
  periodic: {
    kind: 'periodic',
    basis: DEADLINE_WORDING.periodic,
    pages: [
      whenAndWhere,
      { slug: 'abode', title: 'Periodic notification', fields: [nfa('Does the subject have no fixed abode?')] },
    ],
  },
  'identity-documents': {
    kind: 'identity-documents',
    basis: DEADLINE_WORDING['identity-documents'],
    pages: [
      whenAndWhere,
      {
        slug: 'document',
        title: 'Identity document',
        fields: [
          {
            type: 'radios',
            path: 'documentKind',
            label: 'Type of document',
            items: [
              { value: 'passport', text: 'Passport' },
              { value: 'driving-licence', text: 'Driving licence' },
              { value: 'identity-card', text: 'National identity card' },
              { value: 'other', text: 'Other' },
            ],
          },
          { type: 'text', path: 'documentNumber', label: 'Document number', classes: 'govuk-input--width-20' },
          { type: 'text', path: 'issuingCountry', label: 'Issuing country' },
          { type: 'text', path: 'nameOnDocument', label: 'Name on the document' },
          { type: 'date', path: 'issuedOn', label: 'Date of issue (optional)', optional: true },
          { type: 'date', path: 'expiresOn', label: 'Expiry date (optional)', optional: true },
        ],
      },
    ],
  },
  'bank-details': {
    kind: 'bank-details',
    basis: DEADLINE_WORDING['bank-details'],
    pages: [
      whenAndWhere,
      {
        slug: 'account',
        title: 'Bank account or card',
        fields: [
          {
            type: 'radios',
            path: 'accountKind',
            label: 'Type',
            items: [
              { value: 'bank-account', text: 'Bank or building society account' },
              { value: 'debit-card', text: 'Debit card' },
              { value: 'credit-card', text: 'Credit card' },
            ],
          },
          { type: 'text', path: 'provider', label: 'Bank or card provider' },
          { type: 'text', path: 'nameOnAccount', label: 'Name on the account or card' },
          {
            type: 'text',
            path: 'sortCode',
            label: 'Sort code (accounts only)',
            classes: 'govuk-input--width-5',
            optional: true,
          },
          {
            type: 'text',
            path: 'accountNumber',
            label: 'Account number (accounts only)',
            classes: 'govuk-input--width-10',
            optional: true,
          },
          {
            type: 'text',
            path: 'cardNumber',
            label: 'Card number (cards only)',
            hint: 'Only the last 4 digits will be kept',
            classes: 'govuk-input--width-20',
            optional: true,
          },
          {
            type: 'text',
            path: 'cardExpiry',
            label: 'Card expiry date (cards only)',
            hint: 'For example, 04/28',
            classes: 'govuk-input--width-5',
            optional: true,
          },
        ],
      },
    ],
  },
  'foreign-travel': {
    kind: 'foreign-travel',
    basis: DEADLINE_WORDING['foreign-travel'],
    pages: [
      whenAndWhere,
      {
        slug: 'departure',
        title: 'Departure',
        fields: [
          { type: 'date', path: 'departureDate', label: 'Date of departure' },
          {
            type: 'time',
            path: 'departureTime',
            label: 'Time of departure',
            hint: 'Use the 24-hour clock, for example 07:15',
          },
          { type: 'text', path: 'departurePoint', label: 'Port or airport of departure' },
          { type: 'text', path: 'carrier', label: 'Carrier', hint: 'For example, the airline and flight number' },
          {
            type: 'radios',
            path: 'detailsKnownSevenDaysAhead',
            label: `Were the details known ${DEFAULT_REGISTER_SETTINGS.foreignTravelNoticeDays} days before departure?`,
            inline: true,
            items: yesNo,
          },
          {
            type: 'radios',
            path: 'reasonableExcuse',
            label: 'If not, did they give a reasonable excuse for the short notice? (optional)',
            inline: true,
            items: yesNo,
            optional: true,
          },
        ],
      },
      {
        slug: 'destination',
        title: 'Destination',
        fields: [
          { type: 'text', path: 'destinations.0.country', label: 'Country' },
          { type: 'text', path: 'destinations.0.arrivalPoint', label: 'Point of arrival' },
          { type: 'text', path: 'destinations.0.accommodation', label: 'Where they will stay' },
          { type: 'date', path: 'returnDate', label: 'Date of return (optional)', optional: true },
          { type: 'text', path: 'returnPoint', label: 'Port or airport of return (optional)', optional: true },
        ],
      },
    ],
  },
  association: {
    kind: 'association',
    basis: DEADLINE_WORDING.association,
    pages: [
      whenAndWhere,
      {
        slug: 'associate',
        title: 'Who is the new associate?',
        fields: [
          { type: 'text', path: 'associate.givenName', label: 'First name' },
          { type: 'text', path: 'associate.familyName', label: 'Last name' },
          { type: 'date', path: 'associate.dateOfBirth', label: 'Date of birth (optional)', optional: true },
          { type: 'text', path: 'relationship', label: 'Relationship to the subject' },
          { type: 'date', path: 'eventDate', label: 'Date the association began' },
        ],
      },
      {
        slug: 'address',
        title: "What is the associate's address?",
        caption: 'Optional, but needed to check for children in their household',
        fields: address('address').map(f => ({ ...f, optional: true })),
      },
    ],
  },
}

/** Form name of a field: 'address.postcode' → 'address-postcode'. */
export const formName = (path: string) => path.replace(/\./g, '-')
