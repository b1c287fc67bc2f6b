// The bot lands with its own issue (apps/bot); until then the run command says so instead of failing obscurely.
console.log("bot: not yet available. The detection core, its tests and `pnpm bench` are ready; see README.md.");
