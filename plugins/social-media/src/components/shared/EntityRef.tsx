import { parseEntityRef } from '@backstage/catalog-model';
import {
  useEntityPresentation,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import Link from '@mui/material/Link';
import { Link as RouterLink } from 'react-router-dom';
import { NotSet } from './Section';

function EntityLink(props: {
  entityRef: string;
  kind: 'group' | 'user';
  linkClassName?: string;
}) {
  const entityLink = useEntityRefLink();
  const { primaryTitle } = useEntityPresentation(props.entityRef, {
    defaultKind: props.kind,
  });
  if (props.linkClassName) {
    return (
      <RouterLink
        className={props.linkClassName}
        to={entityLink(props.entityRef)}
        title={props.entityRef}
      >
        {primaryTitle}
      </RouterLink>
    );
  }
  return (
    <Link
      component={RouterLink}
      to={entityLink(props.entityRef)}
      title={props.entityRef}
    >
      {primaryTitle}
    </Link>
  );
}

/**
 * A catalog Group or User as a link to its catalog page, named as the
 * catalog presents it; plain text when the ref is not of that kind. With
 * `linkClassName`, a plain link styled by that class (a table styles the
 * links of all its rows at once) rather than a themed MUI link.
 */
export function EntityRef(props: {
  entityRef?: string;
  kind: 'group' | 'user';
  linkClassName?: string;
}) {
  const { entityRef, kind, linkClassName } = props;
  if (!entityRef) {
    return <NotSet />;
  }
  try {
    const parsed = parseEntityRef(entityRef, { defaultKind: kind });
    if (parsed.kind.toLocaleLowerCase('en-US') !== kind) {
      return <span>{entityRef}</span>;
    }
  } catch {
    return <span>{entityRef}</span>;
  }
  return (
    <EntityLink
      entityRef={entityRef}
      kind={kind}
      linkClassName={linkClassName}
    />
  );
}
