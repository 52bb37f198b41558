// Progressive enhancement only: every page works without this script (ADR 0025).
import { createAll, initAll as initGovUk } from '/assets/govuk/govuk-frontend.min.js';
import { FilterToggleButton, initAll as initMoj } from '/assets/moj/moj-frontend.min.js';

initGovUk();
initMoj();
// MOJ's initAll leaves the filter out; without its "Show filter" button a narrow screen's filter covers the list.
createAll(FilterToggleButton);
