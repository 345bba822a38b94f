// Lints the AppSync resolver code against what the APPSYNC_JS runtime supports.
import appsync from '@aws-appsync/eslint-plugin';

export default [
  {
    files: ['src/main/resources/**/*.js'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  { ...appsync.configs.recommended, files: ['src/main/resources/**/*.js'] },
];
