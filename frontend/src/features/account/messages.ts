// The account screen's texts; zh-CN first (full-width punctuation), English alongside.
export const zhCN = {
  title: '账号与安全',
  entry: '账号与安全',
  password: {
    title: '修改密码',
    current: '当前密码',
    currentPlaceholder: '请输入当前密码',
    new: '新密码',
    newPlaceholder: '请输入新密码',
    confirm: '确认新密码',
    confirmPlaceholder: '请再次输入新密码',
    rules: '至少 12 位，并包含大写字母、小写字母、数字、符号中的三类（或至少 16 位）；不能包含用户名，不能是常用密码。',
    required: '请填写此项',
    mismatch: '两次输入的新密码不一致',
    submit: '修改密码',
    done: '密码已修改，其他设备上的登录已退出',
    problems: {
      'too-short': '新密码至少需要 12 个字符',
      'too-simple': '新密码须包含大写字母、小写字母、数字、符号中的三类，或至少 16 位',
      'contains-username': '新密码不能包含用户名',
      'too-common': '这是常用密码，请换一个',
      'wrong': '当前密码不正确',
    },
  },
  everywhere: {
    title: '退出所有设备',
    explain: '手机丢失或在别人的设备上登录过时使用：所有设备上的登录（包括本机）都会立即失效。尚未上传的离线记录仍保留在本机。',
    action: '退出所有设备',
    confirm: '确定要退出所有设备上的登录吗？本机也会退出。',
    done: '已退出所有设备',
  },
  demo: {
    title: '演示环境',
    text: '可用网格员演示账号 {username} 登录，密码请向平台管理员索取。',
  },
}

export type AccountMessages = typeof zhCN

export const enUS: AccountMessages = {
  title: 'Account and security',
  entry: 'Account and security',
  password: {
    title: 'Change password',
    current: 'Current password',
    currentPlaceholder: 'Enter your current password',
    new: 'New password',
    newPlaceholder: 'Enter a new password',
    confirm: 'Confirm',
    confirmPlaceholder: 'Enter the new password again',
    rules: 'At least 12 characters mixing three of upper-case letters, lower-case letters, digits and symbols (or at least 16 characters); not containing your username, not a common password.',
    required: 'Please fill this in',
    mismatch: 'The two new passwords differ',
    submit: 'Change password',
    done: 'Password changed; your other devices are signed out',
    problems: {
      'too-short': 'The new password needs at least 12 characters',
      'too-simple': 'Mix three of upper-case, lower-case, digits and symbols, or use at least 16 characters',
      'contains-username': 'The new password must not contain your username',
      'too-common': 'This is a common password; choose another',
      'wrong': 'The current password is wrong',
    },
  },
  everywhere: {
    title: 'Sign out everywhere',
    explain: 'For a lost phone or a device you no longer use: every sign-in, this one included, ends at once. Offline records not yet sent stay on this phone.',
    action: 'Sign out everywhere',
    confirm: 'Sign out on every device, this one included?',
    done: 'Signed out everywhere',
  },
  demo: {
    title: 'Demo platform',
    text: 'Try the grid worker demo account {username}; ask the platform administrator for the password.',
  },
}
