import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ESLint } from 'eslint'
import tseslint from 'typescript-eslint'

// The layer rule is what keeps ARCHITECTURE.md true: these cases show it refusing wrong-way imports.
// The fixtures are virtual files outside the TypeScript project, so they are linted without type information.
const eslint = new ESLint({ overrideConfig: tseslint.configs.disableTypeChecked })

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? [])
    .filter(m => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map(m => m.message)
}

test('a service importing the web adapter is rejected', async () => {
  const errors = await importErrors(
    'src/services/subjects/layerFixture.ts',
    "import { createRenderer } from '../../web/render.ts'\nexport const r = createRenderer\n",
  )
  assert.equal(errors.length, 1)
  assert.match(errors[0] ?? '', /never import adapters/)
})

test('a service may import repository types but not repository code or Kysely', async () => {
  assert.deepEqual(
    await importErrors(
      'src/services/subjects/layerFixture.ts',
      "import type { DataAccess } from '../../data/index.ts'\nexport type D = DataAccess\n",
    ),
    [],
  )
  const errors = await importErrors(
    'src/services/subjects/layerFixture.ts',
    "import { createDataAccess } from '../../data/index.ts'\nimport { sql } from 'kysely'\nexport const x = [createDataAccess, sql]\n",
  )
  assert.equal(errors.length, 2)
})

test('the domain imports nothing from data, and the web and API do not import each other', async () => {
  assert.equal(
    (
      await importErrors(
        'src/domain/people/layerFixture.ts',
        "import type { DB } from '../../data/schema.ts'\nexport type X = DB\n",
      )
    ).length,
    1,
  )
  assert.equal(
    (
      await importErrors(
        'src/web/routes/layerFixture.ts',
        "import { x } from '../../api/v1/index.ts'\nexport const y = x\n",
      )
    ).length,
    1,
  )
  assert.equal(
    (await importErrors('src/api/v1/layerFixture.ts', "import { x } from '../../web/render.ts'\nexport const y = x\n"))
      .length,
    1,
  )
})
