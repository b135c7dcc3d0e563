import { Fragment } from 'react';

/**
 * An account's handle that may break after its separators when its column is narrow
 * ("@larkmoor_spring_" then "campaign") rather than inside a word; it reads and copies whole.
 */
export function BreakableHandle(props: { handle: string }) {
  const parts = props.handle.split(/(?<=[_.\-/])/);
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}
