// SPDX-License-Identifier: MIT
// Links the installed widgets library: the headers compile and the symbols resolve, also through the
// CamelCase forwarding headers.
#include <Automagik/ConsentDialog>
#include <Automagik/TelemetryAuditDialog>
#include <Automagik/TelemetrySwitch>
#include <automagik/widgets/consentdialog.h>

int main()
{
    return Automagik::ConsentDialog::staticMetaObject.className() ? 0 : 1;
}
