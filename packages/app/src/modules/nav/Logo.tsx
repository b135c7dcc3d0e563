import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  full: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    color: '#fff',
    whiteSpace: 'nowrap',
    fontWeight: theme.typography.fontWeightBold as number,
    fontSize: '0.95rem',
    lineHeight: 1.1,
  },
  icon: {
    width: 32,
    height: 32,
    flex: 'none',
  },
}));

/** The portal's mark: three connected nodes, as in "share". */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.icon}
      viewBox="0 0 100 100"
      xmlns="http://www.w3.org/2000/svg"
      aria-hidden="true"
      focusable="false"
    >
      <rect width="100" height="100" rx="22" fill="#1565c0" />
      <g stroke="#fff" strokeWidth="5.5">
        <line x1="30" y1="50" x2="70" y2="27" />
        <line x1="30" y1="50" x2="70" y2="73" />
      </g>
      <g fill="#fff">
        <circle cx="70" cy="27" r="11.5" />
        <circle cx="30" cy="50" r="11.5" />
        <circle cx="70" cy="73" r="11.5" />
      </g>
    </svg>
  );
};

/** The mark with the portal's name, for the open sidebar. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <span className={classes.full}>
      <LogoIcon />
      <span>
        Social media
        <br />
        service catalogue
      </span>
    </span>
  );
};
