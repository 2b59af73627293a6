@echo off
rem Switchboard launcher for Windows, for the release archive (bin\ beside lib\). Finds a JDK >= 21 like
rem bin/switchboard: SWITCHBOARD_JAVA_HOME, then JAVA_HOME, then java on PATH, then the newest JDK in the usual
rem install directories; then runs the CLI with the given arguments.
rem   SWITCHBOARD_JAVA_HOME  JDK to use (checked first; must be Java 21 or newer)
rem   SWITCHBOARD_JAVA_OPTS  extra JVM options
setlocal
for %%i in ("%~dp0..\lib") do set "LIB=%%~fi"
set "JAR="
rem dir /b, not a quoted wildcard in a for set: Wine's cmd does not expand those (WindowsLauncherIT runs this under Wine).
for /f "delims=" %%f in ('dir /b "%LIB%\switchboard-server-*.jar" 2^>nul') do set "JAR=%LIB%\%%f"
if not defined JAR goto :nojar

set "JAVA="
set "MAJOR=0"
if not defined SWITCHBOARD_JAVA_HOME goto :javahome
call :try "%SWITCHBOARD_JAVA_HOME%\bin\java.exe"
if not defined JAVA goto :badhome
goto :run

:javahome
if defined JAVA_HOME call :try "%JAVA_HOME%\bin\java.exe"
if defined JAVA goto :run
rem The java.exe a bare "java" runs: the first on PATH.
for %%j in (java.exe) do if not "%%~$PATH:j"=="" call :try "%%~$PATH:j"
if defined JAVA goto :run
rem No preference left: take the newest installed JDK.
for %%p in ("%ProgramFiles%\Java" "%ProgramFiles%\Eclipse Adoptium" "%ProgramFiles%\Microsoft" "%ProgramFiles%\Zulu" "%ProgramFiles%\Amazon Corretto" "%ProgramFiles%\BellSoft" "%ProgramFiles%\OpenJDK" "%LOCALAPPDATA%\Programs\Eclipse Adoptium") do call :scan "%%~p"
if not defined JAVA goto :nojava

:run
rem JDK 25+ maps an AOT cache made at build time: the daemon's for run/start/restart, the bridge's, else the short commands'
rem (which also run with C1 alone and the serial GC). A cache that does not match this JDK is ignored, silently.
rem The daemon gives memory back after a burst and inlines less deeply (as in bin/switchboard): its defaults come before SWITCHBOARD_JAVA_OPTS,
rem so those win.
set "KIND=cli"
set "DEFAULTS="
set "OPTS=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
if /i "%~1"=="run" goto :daemon
if /i "%~1"=="start" goto :daemon
if /i "%~1"=="restart" goto :daemon
if /i "%~1"=="bridge" set "KIND=bridge"
goto :launch
:daemon
set "KIND=daemon"
set "DEFAULTS=-XX:G1PeriodicGCInterval=15000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:MaxInlineLevel=6 -XX:FreqInlineSize=100 -XX:InlineSmallCode=1000"
set "OPTS="
:launch
if %MAJOR% GEQ 25 if exist "%LIB%\switchboard-%KIND%.aot" set OPTS=%OPTS% "-XX:AOTCache=%LIB%\switchboard-%KIND%.aot" -Xlog:aot=off,cds=off
rem switchboard.launcher tells `service install` which script a service should start: this one.
"%JAVA%" %DEFAULTS% %SWITCHBOARD_JAVA_OPTS% %OPTS% "-Dswitchboard.launcher=%~f0" -cp "%JAR%" dev.switchboard.cli.Main %*
exit /b %ERRORLEVEL%

rem :scan DIR  tries DIR\*\bin\java.exe (each JDK installed under DIR)
:scan
if not exist "%~1\" exit /b 0
for /f "delims=" %%d in ('dir /b /ad "%~1" 2^>nul') do call :try "%~1\%%d\bin\java.exe"
exit /b 0

rem :probe JAVA_EXE  sets V to what that java says its version is. Through a file, not for /f over "2>&1": Wine's cmd
rem drops the redirection there.
:probe
set "PROBE=%TEMP%\switchboard-probe-%RANDOM%.txt"
"%~1" -XshowSettings:properties -version >"%PROBE%" 2>&1
for /f "usebackq tokens=1,2 delims== " %%a in ("%PROBE%") do if "%%a"=="java.specification.version" set "V=%%b"
del "%PROBE%" 2>nul
exit /b 0

rem :try JAVA_EXE  keeps it in JAVA (its major version in MAJOR) if it is Java 21+ and newer than what we have
:try
if not exist "%~1" exit /b 0
set "V="
set "M="
rem A JDK's release file names its version (JAVA_VERSION="21.0.5"): reading it is instant, starting java costs a JVM.
if exist "%~dp1..\release" for /f "usebackq tokens=1,* delims==" %%a in ("%~dp1..\release") do if "%%a"=="JAVA_VERSION" set "V=%%~b"
if not defined V call :probe "%~1"
if not defined V exit /b 0
for /f "tokens=1 delims=. " %%m in ("%V%") do set "M=%%m"
if not defined M exit /b 0
if %M% LSS 21 exit /b 0
if %M% LEQ %MAJOR% exit /b 0
set "JAVA=%~1"
set "MAJOR=%M%"
exit /b 0

:nojar
echo switchboard: %LIB% holds no switchboard-server jar; unpack the release archive again 1>&2
exit /b 1
:badhome
echo switchboard: SWITCHBOARD_JAVA_HOME=%SWITCHBOARD_JAVA_HOME% is not a Java 21 or newer JDK 1>&2
exit /b 1
:nojava
echo switchboard: Switchboard needs Java 21 or newer; set SWITCHBOARD_JAVA_HOME to a JDK 21+ installation 1>&2
exit /b 1
