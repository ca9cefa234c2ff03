<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>AutomagikTelemetry</name>
    <message>
        <source>this application</source>
        <translation>esta aplicación</translation>
    </message>
    <message>
        <source>Help improve %1</source>
        <translation>Ayuda a mejorar %1</translation>
    </message>
    <message>
        <source>%1 can send anonymous usage statistics to its developers. They show which features are used and where the application is slow or fails, so the next versions can be better. Nothing is sent unless you allow it.</source>
        <translation>%1 puede enviar estadísticas de uso anónimas a sus desarrolladores. Estas muestran qué funciones se usan y dónde la aplicación va lenta o falla, para que las próximas versiones sean mejores. No se envía nada a menos que lo permitas.</translation>
    </message>
    <message>
        <source>What is sent</source>
        <translation>Qué se envía</translation>
    </message>
    <message>
        <source>Which features you use and how often</source>
        <translation>Qué funciones usas y con qué frecuencia</translation>
    </message>
    <message>
        <source>How long operations take, and errors that occur</source>
        <translation>Cuánto tardan las operaciones y los errores que se producen</translation>
    </message>
    <message>
        <source>The application version, the operating system and its version</source>
        <translation>La versión de la aplicación, el sistema operativo y su versión</translation>
    </message>
    <message>
        <source>A random identifier that is not linked to you and changes if you opt out</source>
        <translation>Un identificador aleatorio que no está vinculado a ti y que cambia si retiras tu consentimiento</translation>
    </message>
    <message>
        <source>When the application crashes: the signal that ended it, the addresses on its stack and the versions, never the contents of its memory</source>
        <translation>Cuando la aplicación falla: la señal que la cerró, las direcciones de su pila y las versiones, nunca el contenido de su memoria</translation>
    </message>
    <message>
        <source>When the application ended unexpectedly, and how long it had been running</source>
        <translation>Cuando la aplicación se cerró de forma inesperada, y cuánto tiempo llevaba en ejecución</translation>
    </message>
    <message>
        <source>When the application stopped responding, and for how long</source>
        <translation>Cuando la aplicación dejó de responder, y durante cuánto tiempo</translation>
    </message>
    <message>
        <source>Some of the application&apos;s warning messages, with personal data removed</source>
        <translation>Algunos mensajes de advertencia de la aplicación, sin datos personales</translation>
    </message>
    <message>
        <source>When the application starts and quits: how often it has been started, how long starting took and how long it was used</source>
        <translation>Cuándo se inicia y se cierra la aplicación: cuántas veces se ha iniciado, cuánto tardó en iniciarse y cuánto tiempo se usó</translation>
    </message>
    <message>
        <source>The number, size and resolution of your screens, and the language and style of the user interface</source>
        <translation>El número, el tamaño y la resolución de tus pantallas, y el idioma y el estilo de la interfaz</translation>
    </message>
    <message>
        <source>What is never sent</source>
        <translation>Qué no se envía nunca</translation>
    </message>
    <message>
        <source>Your name, e-mail address or other personal details</source>
        <translation>Tu nombre, tu dirección de correo electrónico u otros datos personales</translation>
    </message>
    <message>
        <source>The contents or names of your files and documents</source>
        <translation>El contenido o los nombres de tus archivos y documentos</translation>
    </message>
    <message>
        <source>Passwords, keys or anything you type</source>
        <translation>Contraseñas, claves o cualquier cosa que escribas</translation>
    </message>
    <message>
        <source>Your IP address or location</source>
        <translation>Tu dirección IP o tu ubicación</translation>
    </message>
    <message>
        <source>You can change your answer at any time in the settings.</source>
        <translation>Puedes cambiar tu respuesta en cualquier momento en la configuración.</translation>
    </message>
    <message>
        <source>Privacy policy</source>
        <translation>Política de privacidad</translation>
    </message>
    <message>
        <source>Show what is sent</source>
        <translation>Mostrar qué se envía</translation>
    </message>
    <message>
        <source>Hide the example</source>
        <translation>Ocultar el ejemplo</translation>
    </message>
    <message>
        <source>This is an example of one report, exactly as it would be sent:</source>
        <translation>Este es un ejemplo de un informe, exactamente tal como se enviaría:</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>Permitir</translation>
    </message>
    <message>
        <source>Don&apos;t allow</source>
        <translation>No permitir</translation>
    </message>
    <message>
        <source>Send anonymous usage statistics</source>
        <translation>Enviar estadísticas de uso anónimas</translation>
    </message>
    <message>
        <source>Helps the developers of %1. No personal data is sent.</source>
        <translation>Ayuda a los desarrolladores de %1. No se envía ningún dato personal.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your administrator.</source>
        <translation>Tu administrador ha desactivado las estadísticas de uso.</translation>
    </message>
    <message>
        <source>Sent usage statistics</source>
        <translation>Estadísticas de uso enviadas</translation>
    </message>
    <message>
        <source>Nothing has been sent.</source>
        <translation>No se ha enviado nada.</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>Borrar historial</translation>
    </message>
    <message>
        <source>Every report sent from this computer is listed here for 30 days.</source>
        <translation>Todos los informes enviados desde este equipo se muestran aquí durante 30 días.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message numerus="yes">
        <source>%n %1 sent to %2</source>
        <translation>
            <numerusform>Se envió %n elemento (%1) a %2</numerusform>
            <numerusform>Se enviaron %n %1 a %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage statistics are turned off by a setting on this computer.</source>
        <translation>Una opción de configuración de este equipo ha desactivado las estadísticas de uso.</translation>
    </message>
    <message>
        <source>Only the beginning of this report was kept.</source>
        <translation>Solo se ha conservado el principio de este informe.</translation>
    </message>
    <message>
        <source>performance metrics</source>
        <translation>métricas de rendimiento</translation>
    </message>
    <message>
        <source>diagnostics</source>
        <translation>diagnósticos</translation>
    </message>
    <message>
        <source>usage events</source>
        <translation>eventos de uso</translation>
    </message>
    <message>
        <source>Usage statistics are turned on by the environment variable %1.</source>
        <translation>La variable de entorno %1 ha activado las estadísticas de uso.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by the environment variable %1.</source>
        <translation>La variable de entorno %1 ha desactivado las estadísticas de uso.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off for all Automagik applications on this computer.</source>
        <translation>Las estadísticas de uso están desactivadas para todas las aplicaciones de Automagik de este equipo.</translation>
    </message>
    <message>
        <source>Usage statistics are turned on by your answer in another Automagik application.</source>
        <translation>Tu respuesta en otra aplicación de Automagik ha activado las estadísticas de uso.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your answer in another Automagik application.</source>
        <translation>Tu respuesta en otra aplicación de Automagik ha desactivado las estadísticas de uso.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off on continuous integration systems (%1 is set).</source>
        <translation>Las estadísticas de uso están desactivadas en los sistemas de integración continua (%1 está definida).</translation>
    </message>
    <message>
        <source>Usage statistics are turned off in development and test environments (%1).</source>
        <translation>Las estadísticas de uso están desactivadas en los entornos de desarrollo y de pruebas (%1).</translation>
    </message>
</context>
</TS>
