// Writes src/metadata.ts: the OpenAPI metadata of every DTO, view and controller, read from the TypeScript types
// by the @nestjs/swagger plugin. The app loads it at start-up, so the compiled server and the tests publish the
// same document. Run by `npm run build` and `npm test`; CI fails when the committed file is stale.
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import { existsSync, writeFileSync } from 'node:fs';

const target = new URL('../src/metadata.ts', import.meta.url).pathname;
// The type checker needs the file the app imports: start from an empty one when it is missing.
if (!existsSync(target)) writeFileSync(target, '/* eslint-disable */\nexport default async () => ({});\n');

new PluginMetadataGenerator().generate({
  visitors: [
    new ReadonlyVisitor({
      introspectComments: true,
      classValidatorShim: true,
      dtoFileNameSuffix: ['.dto.ts', '.view.ts'],
      pathToSource: new URL('../src', import.meta.url).pathname,
      esmCompatible: true,
    }),
  ],
  outputDir: new URL('../src', import.meta.url).pathname,
  filename: 'metadata.ts',
  tsconfigPath: 'tsconfig.build.json',
  printDiagnostics: false,
});
