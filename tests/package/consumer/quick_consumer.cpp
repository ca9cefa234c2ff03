// SPDX-License-Identifier: MIT
// Links the installed QML module's library: the header compiles and the symbols resolve.
#include <Automagik/QmlTelemetry>

int main()
{
    return Automagik::QmlTelemetry::staticMetaObject.className() ? 0 : 1;
}
