<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>AutomagikTelemetry</name>
    <message>
        <source>this application</source>
        <translation>هذا التطبيق</translation>
    </message>
    <message>
        <source>Help improve %1</source>
        <translation>ساعد في تحسين %1</translation>
    </message>
    <message>
        <source>%1 can send anonymous usage statistics to its developers. They show which features are used and where the application is slow or fails, so the next versions can be better. Nothing is sent unless you allow it.</source>
        <translation>يمكن أن يرسل %1 إحصاءات استخدام مجهولة الهوية إلى مطوّريه. وتُظهر هذه الإحصاءات الميزات المستخدمة والمواضع التي يكون فيها التطبيق بطيئًا أو يتعطّل، لكي تكون الإصدارات القادمة أفضل. لن يُرسَل أي شيء ما لم تسمح بذلك.</translation>
    </message>
    <message>
        <source>What is sent</source>
        <translation>ما الذي يُرسَل</translation>
    </message>
    <message>
        <source>Which features you use and how often</source>
        <translation>الميزات التي تستخدمها ومدى تكرار استخدامها</translation>
    </message>
    <message>
        <source>How long operations take, and errors that occur</source>
        <translation>المدة التي تستغرقها العمليات، والأخطاء التي تحدث</translation>
    </message>
    <message>
        <source>The application version, the operating system and its version</source>
        <translation>إصدار التطبيق، ونظام التشغيل وإصداره</translation>
    </message>
    <message>
        <source>A random identifier that is not linked to you and changes if you opt out</source>
        <translation>معرّف عشوائي غير مرتبط بك، ويتغيّر إذا سحبت موافقتك</translation>
    </message>
    <message>
        <source>When the application crashes: the signal that ended it, the addresses on its stack and the versions, never the contents of its memory</source>
        <translation>عند تعطّل التطبيق: الإشارة التي أنهته، والعناوين الموجودة على مكدّسه، والإصدارات، ولا يُرسل محتوى ذاكرته أبدًا</translation>
    </message>
    <message>
        <source>When the application ended unexpectedly, and how long it had been running</source>
        <translation>انتهاء التطبيق بشكل غير متوقّع، والمدة التي كان يعمل خلالها</translation>
    </message>
    <message>
        <source>When the application stopped responding, and for how long</source>
        <translation>توقّف التطبيق عن الاستجابة، والمدة التي استغرقها ذلك</translation>
    </message>
    <message>
        <source>Some of the application&apos;s warning messages, with personal data removed</source>
        <translation>بعض رسائل التحذير الخاصة بالتطبيق، بعد إزالة البيانات الشخصية</translation>
    </message>
    <message>
        <source>When the application starts and quits: how often it has been started, how long starting took and how long it was used</source>
        <translation>بدء تشغيل التطبيق وإغلاقه: عدد مرات تشغيله، والمدة التي استغرقها بدء التشغيل، ومدة استخدامه</translation>
    </message>
    <message>
        <source>The number, size and resolution of your screens, and the language and style of the user interface</source>
        <translation>عدد شاشاتك وحجمها ودقتها، ولغة واجهة المستخدم ونمطها</translation>
    </message>
    <message>
        <source>What is never sent</source>
        <translation>ما الذي لا يُرسَل أبدًا</translation>
    </message>
    <message>
        <source>Your name, e-mail address or other personal details</source>
        <translation>اسمك أو عنوان بريدك الإلكتروني أو أي بيانات شخصية أخرى</translation>
    </message>
    <message>
        <source>The contents or names of your files and documents</source>
        <translation>محتويات ملفاتك ومستنداتك أو أسماؤها</translation>
    </message>
    <message>
        <source>Passwords, keys or anything you type</source>
        <translation>كلمات المرور أو المفاتيح أو أي شيء تكتبه</translation>
    </message>
    <message>
        <source>Your IP address or location</source>
        <translation>عنوان IP الخاص بك أو موقعك</translation>
    </message>
    <message>
        <source>You can change your answer at any time in the settings.</source>
        <translation>يمكنك تغيير إجابتك في أي وقت من الإعدادات.</translation>
    </message>
    <message>
        <source>Privacy policy</source>
        <translation>سياسة الخصوصية</translation>
    </message>
    <message>
        <source>Show what is sent</source>
        <translation>عرض ما يُرسَل</translation>
    </message>
    <message>
        <source>Hide the example</source>
        <translation>إخفاء المثال</translation>
    </message>
    <message>
        <source>This is an example of one report, exactly as it would be sent:</source>
        <translation>هذا مثال على تقرير واحد، تمامًا كما سيُرسَل:</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>السماح</translation>
    </message>
    <message>
        <source>Don&apos;t allow</source>
        <translation>عدم السماح</translation>
    </message>
    <message>
        <source>Send anonymous usage statistics</source>
        <translation>إرسال إحصاءات استخدام مجهولة الهوية</translation>
    </message>
    <message>
        <source>Helps the developers of %1. No personal data is sent.</source>
        <translation>يساعد مطوّري %1. لا تُرسَل أي بيانات شخصية.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your administrator.</source>
        <translation>عطّل مسؤول النظام لديك إحصاءات الاستخدام.</translation>
    </message>
    <message>
        <source>Sent usage statistics</source>
        <translation>إحصاءات الاستخدام المُرسَلة</translation>
    </message>
    <message>
        <source>Nothing has been sent.</source>
        <translation>لم يُرسَل أي شيء.</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>مسح السجل</translation>
    </message>
    <message>
        <source>Every report sent from this computer is listed here for 30 days.</source>
        <translation>يُعرض هنا كل تقرير أُرسل من هذا الكمبيوتر لمدة 30 يومًا.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
    <message numerus="yes">
        <source>%n %1 sent to %2</source>
        <translation>
            <numerusform>تم إرسال %n عنصر من %1 إلى %2</numerusform>
            <numerusform>تم إرسال %n عنصر من %1 إلى %2</numerusform>
            <numerusform>تم إرسال %n عنصرين من %1 إلى %2</numerusform>
            <numerusform>تم إرسال %n عناصر من %1 إلى %2</numerusform>
            <numerusform>تم إرسال %n عنصرًا من %1 إلى %2</numerusform>
            <numerusform>تم إرسال %n عنصر من %1 إلى %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage statistics are turned off by a setting on this computer.</source>
        <translation>إحصاءات الاستخدام معطّلة بسبب إعداد على هذا الكمبيوتر.</translation>
    </message>
    <message>
        <source>Only the beginning of this report was kept.</source>
        <translation>لم يُحفَظ سوى بداية هذا التقرير.</translation>
    </message>
    <message>
        <source>performance metrics</source>
        <translation>مقاييس الأداء</translation>
    </message>
    <message>
        <source>diagnostics</source>
        <translation>بيانات التشخيص</translation>
    </message>
    <message>
        <source>usage events</source>
        <translation>أحداث الاستخدام</translation>
    </message>
    <message>
        <source>Usage statistics are turned on by the environment variable %1.</source>
        <translation>إحصاءات الاستخدام مفعّلة بواسطة متغير البيئة %1.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by the environment variable %1.</source>
        <translation>إحصاءات الاستخدام معطّلة بواسطة متغير البيئة %1.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off for all Automagik applications on this computer.</source>
        <translation>إحصاءات الاستخدام معطّلة لجميع تطبيقات Automagik على هذا الكمبيوتر.</translation>
    </message>
    <message>
        <source>Usage statistics are turned on by your answer in another Automagik application.</source>
        <translation>إحصاءات الاستخدام مفعّلة بناءً على إجابتك في تطبيق Automagik آخر.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your answer in another Automagik application.</source>
        <translation>إحصاءات الاستخدام معطّلة بناءً على إجابتك في تطبيق Automagik آخر.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off on continuous integration systems (%1 is set).</source>
        <translation>إحصاءات الاستخدام معطّلة على أنظمة التكامل المستمر (تم تعيين %1).</translation>
    </message>
    <message>
        <source>Usage statistics are turned off in development and test environments (%1).</source>
        <translation>إحصاءات الاستخدام معطّلة في بيئات التطوير والاختبار (%1).</translation>
    </message>
</context>
</TS>
