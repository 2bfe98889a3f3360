import type { MessageSchema } from './index'
import deskEnUS from './desk.en-US'
import problemsEnUS from './problems.en-US'

const enUS: MessageSchema = {
  app: {
    name: 'Weimin',
    tagline: 'Community governance platform',
  },
  nav: {
    home: 'Home',
    me: 'Me',
    login: 'Sign in',
  },
  login: {
    title: 'Sign in',
    username: 'Username',
    usernamePlaceholder: 'Enter your username',
    usernameRequired: 'Username is required',
    password: 'Password',
    passwordPlaceholder: 'Enter your password',
    passwordRequired: 'Password is required',
    submit: 'Sign in',
    hint: 'Use the account your community opened for you',
    code: 'Code',
    codePlaceholder: '6-digit code or a recovery code',
    codeRequired: 'Enter the code from your authenticator app',
    codeHint: 'Open your authenticator app and enter the code shown for Weimin',
    verify: 'Verify',
  },
  home: {
    greeting: 'Hello, {name}',
    cityOverview: 'City overview',
    organisationNetwork: 'Organisation network',
    gridBase: 'Grid and population',
    myGrid: 'My grid',
    myGridHint: 'Counts within the grid units you are responsible for',
    welcomeTitle: 'Welcome to Weimin',
    welcomeRoles: 'Your roles',
    noRoles: 'No role assigned yet; please contact your community staff',
    loadFailed: 'Could not load the data',
    retry: 'Retry',
    openMe: 'Profile and language',
    counts: {
      streets: 'Streets',
      communities: 'Communities',
      resident_groups: 'Resident groups',
      grid_units: 'Grid units',
      stationed_organisations: 'Stationed organisations',
      buildings: 'Buildings',
      households: 'Households',
      residents: 'Residents',
    },
  },
  desk: deskEnUS,
  me: {
    username: 'Username',
    roles: 'Roles',
    language: 'Language',
    logout: 'Sign out',
    logoutConfirm: 'Sign out now?',
  },
  roles: {
    admin: 'Administrator',
    street_secretary: 'Street secretary',
    community_secretary: 'Community secretary',
    grid_worker: 'Grid worker',
    member: 'Party member',
    volunteer: 'Volunteer',
    resident: 'Resident',
    kiosk: 'Wish-wall kiosk',
    partner: 'Partner',
  },
  locales: {
    'zh-CN': '简体中文',
    'en-US': 'English',
  },
  duration: {
    seconds: '{n} s',
    minutes: '{n} min',
  },
  problem: {
    ...problemsEnUS,
    'rate-limited-no-wait': 'Too many attempts; try again later',
    'with-detail': '{message} ({detail})',
    'unknown': 'Request failed ({status})',
  },
}

export default enUS
