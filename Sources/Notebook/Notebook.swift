@_exported import LessonScript
