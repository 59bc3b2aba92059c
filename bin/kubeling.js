#!/usr/bin/env node
// Runs `main(argv)` from dist/cli/main.js (via dist/cli/entry.js) and exits with its return value.
import '../dist/cli/entry.js';
