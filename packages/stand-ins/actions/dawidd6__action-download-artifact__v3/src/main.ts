import { runDawidd6 } from "../../../shared/dawidd6/action.ts";

// dawidd6/action-download-artifact v3.1.4: no `ref`, `merge_multiple` or `use_unzip` inputs yet.
void runDawidd6({ ref: false, mergeMultiple: false, useUnzip: false, sortByCreated: false });
