import { Fragment } from 'react';
import { labelCodeNames } from '../../src-shared/projections/calibration/labels';
import { displayText } from '../../src-shared/report/format';
import { Tip } from '../analytics/Tip';

/**
 * A calibration text (a recommendation) with its parameter code names shown by their labels
 * ("Groceries share of food spending (%)" for categoryDistribution.groceries); the code name stays
 * reachable as the label's tooltip (mouse, keyboard focus, and aria-describedby for screen
 * readers). The rest reads as the app writes numbers ("−41.3%", not "-41.3%").
 */
export function LabelledText({ text }: { text: string }) {
  return (
    <>
      {labelCodeNames(text).map((p, i) => ('code' in p ? <Tip key={i} text={p.code}>{p.label}</Tip> : <Fragment key={i}>{displayText(p.text)}</Fragment>))}
    </>
  );
}
