// Layers (ARCHITECTURE.md): dependencies point inwards. domain ← services ← data; web, api, cli are adapters over
// services; app/ composes everything. A wrong-way import fails `npm run lint` (and so `npm test`).
const up = '^(\\./|(\\.\\./)+)'
const layer = (...names) => ({ regex: `${up}(${names.join('|')})/`, message: '' })
const restrict = (message, ...groups) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { patterns: groups.map(g => ({ ...g, message: g.message || message })) },
  ],
})

export const layerRules = [
  {
    files: ['src/domain/**/*.ts'],
    rules: restrict(
      'The domain is pure: it imports nothing from data, services, adapters or the composition root, and no I/O library.',
      layer('data', 'services', 'web', 'api', 'cli', 'app', 'http', 'seed'),
      { regex: `${up}(config|logger|server)\\.ts$` },
      { regex: '^(kysely|pg|@electric-sql/pglite|fastify|@fastify/.*|nunjucks|pino)$' },
    ),
  },
  {
    files: ['src/services/**/*.ts'],
    rules: restrict(
      'Services use the domain and receive repositories (type imports from data only); they never import adapters, the composition root, the seed, or Kysely.',
      layer('web', 'api', 'cli', 'app', 'http', 'seed'),
      { ...layer('data'), allowTypeImports: true },
      { regex: `${up}(config|server)\\.ts$` },
      { regex: '^(kysely|pg|@electric-sql/pglite|fastify|@fastify/.*|nunjucks)$' },
    ),
  },
  {
    files: ['src/data/**/*.ts'],
    rules: restrict(
      'Data (repositories, migrations, drivers) depends only on the domain.',
      layer('services', 'web', 'api', 'cli', 'app', 'http', 'seed'),
    ),
  },
  {
    files: ['src/web/**/*.ts'],
    rules: restrict(
      'The web adapter calls services (and shared HTTP helpers); it never imports the API, repositories or Kysely.',
      layer('api', 'cli', 'seed'),
      { ...layer('data'), allowTypeImports: true },
      { regex: '^kysely$' },
    ),
  },
  {
    files: ['src/api/**/*.ts'],
    rules: restrict(
      'The API adapter calls services (and shared HTTP helpers); it never imports the web, repositories or Kysely.',
      layer('web', 'cli', 'seed'),
      { ...layer('data'), allowTypeImports: true },
      { regex: '^kysely$' },
    ),
  },
  {
    files: ['src/http/**/*.ts'],
    rules: restrict(
      'Shared HTTP helpers serve both adapters and import neither.',
      layer('web', 'api', 'cli', 'seed', 'data'),
      {
        regex: '^kysely$',
      },
    ),
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: restrict(
      'The CLI is an adapter: it goes through the composition root (src/app) and services, never repositories or Kysely.',
      layer('web', 'api', 'http'),
      { ...layer('data'), allowTypeImports: true },
      { regex: '^kysely$' },
    ),
  },
]
