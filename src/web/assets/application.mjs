// Progressive enhancement only: every page works without this script (ADR 0025).
import { initAll as initGovUk } from '/assets/govuk/govuk-frontend.min.js';
import { initAll as initMoj } from '/assets/moj/moj-frontend.min.js';

initGovUk();
initMoj();
